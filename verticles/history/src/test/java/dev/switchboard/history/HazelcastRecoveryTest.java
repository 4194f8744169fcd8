package dev.switchboard.history;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.config.HistoryConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

import java.util.List;

@DisplayName("recovery table: hazelcast store")
class HazelcastRecoveryTest extends RecoveryTableContract {

  private static Vertx vertx;
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void startMember() {
    vertx = Vertx.vertx();
    int port = TestHazelcast.freePort();
    hazelcast = TestHazelcast.member(TestHazelcast.clusterName(), port, List.of(port));
  }

  @AfterAll
  static void stopMember() throws Exception {
    hazelcast.shutdown();
    get(vertx.close());
  }

  @Override
  HistoryStore store(HistoryConfig config) throws Exception {
    return get(HazelcastHistoryStore.open(vertx, hazelcast, config, clock::get));
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((HazelcastHistoryStore) store).epoch();
  }
}
