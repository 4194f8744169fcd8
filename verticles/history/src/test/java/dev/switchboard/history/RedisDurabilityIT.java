package dev.switchboard.history;

import org.junit.jupiter.api.Tag;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** Redis with an append-only file (fsync always), so that a restarted server has what it acknowledged. */
@Tag("faults")
@DisplayName("durability: redis store")
class RedisDurabilityIT extends DurableStoreContract {

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start(true);
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  JsonObject history() {
    return new JsonObject().put("store", "redis")
        .put("redis", new JsonObject().put("connectionString", redis.connectionString()));
  }

  @Override
  String storeName() {
    return "redis store";
  }

  @Override
  void stopServer() {
    redis.stop();
  }

  @Override
  void startServer() {
    redis.start();
  }
}
