package dev.switchboard.history;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.LoopbackPorts;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.config.HistoryConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

import java.util.List;

@DisplayName("recovery table: hazelcast store")
class HazelcastRecoveryIT extends RecoveryTableContract {

  private static Vertx vertx;
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void startMember() {
    vertx = Vertx.vertx();
    int port = LoopbackPorts.free();
    hazelcast = TestHazelcast.member(TestHazelcast.clusterName(), port, List.of(port));
  }

  @AfterAll
  static void stopMember() throws Exception {
    hazelcast.shutdown();
    Futures.get(vertx.close(), Duration.ofSeconds(10));
  }

  @Override
  HistoryStore store(HistoryConfig config) throws Exception {
    return Futures.get(HazelcastHistoryStore.open(vertx, hazelcast, config, clock::get), Duration.ofSeconds(10));
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((HazelcastHistoryStore) store).epoch();
  }
}
