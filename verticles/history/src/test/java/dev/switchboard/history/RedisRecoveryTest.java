package dev.switchboard.history;

import dev.switchboard.shared.config.HistoryConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("recovery table: redis store")
class RedisRecoveryTest extends RecoveryTableContract {

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
      get(vertx.close());
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  HistoryStore store() throws Exception {
    HistoryConfig config = new HistoryConfig("redis", CONFIG.retention(), CONFIG.rooms(), redis.connectionString(),
        CONFIG.postgresConnection());
    return get(RedisHistoryStore.open(vertx, config, clock::get));
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((RedisHistoryStore) store).epoch();
  }
}
