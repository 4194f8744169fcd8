package dev.switchboard.history;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.shared.config.HistoryConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("recovery table: redis store")
class RedisRecoveryIT extends RecoveryTableContract {

  private static Vertx vertx;
  private static RedisServer redis;

  @BeforeAll
  static void startServer() throws Exception {
    redis = RedisServer.start(false);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (vertx != null) {
      Futures.get(vertx.close(), Duration.ofSeconds(10));
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  HistoryStore store(HistoryConfig config) throws Exception {
    return Futures.get(RedisHistoryStore.open(vertx, new HistoryConfig("redis", config.retention(), config.rooms(),
        redis.connectionString(), config.postgresConnection(), config.maxRooms(), config.maxReplyBytes()), clock::get), Duration.ofSeconds(10));
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((RedisHistoryStore) store).epoch();
  }
}
