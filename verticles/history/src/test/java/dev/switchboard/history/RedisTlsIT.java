package dev.switchboard.history;

import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.TestCertificates;
import dev.switchboard.shared.health.HealthCheck;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The redis store against a Redis that speaks only TLS and wants a password: {@code rediss://:password@host:port}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("redis store over TLS")
class RedisTlsIT {

  private static final String PASSWORD = "sb-test-redis-password";

  @TempDir
  static Path dir;
  private static TestCertificates ca;
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    ca = TestCertificates.authority(dir, "redis-ca");
    redis = RedisServer.startTls(ca.issue("redis"), PASSWORD);
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  private static JsonObject history(String caPath) {
    return new JsonObject().put("store", "redis")
        .put("redis", new JsonObject().put("connectionString", redis.connectionString()).put("caPath", caPath));
  }

  @Test
  @DisplayName("with history.redis.caPath naming the server's CA: appends (a repeat answered as a duplicate) and replays")
  void appendsAndReplays() throws Exception {
    assertThat(redis.connectionString()).startsWith("rediss://:" + PASSWORD + "@127.0.0.1:");
    String room = DurableStoreContract.room();
    try (HistoryNode node = new HistoryNode(history(ca.caCert().toString()))) {
      assertThat(Futures.get(node.append(room, "t1")).getLong("offset")).isEqualTo(1);
      assertThat(Futures.get(node.append(room, "t2")).getLong("offset")).isEqualTo(2);
      assertThat(Futures.get(node.append(room, "t1")).getBoolean("duplicate")).isTrue();
      JsonObject replay = Futures.get(node.replay(new JsonObject().put("room", room).put("since", 0)));
      assertThat(replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList())
          .containsExactly("t1", "t2");
      assertThat(node.ready().up()).isTrue();
    }
    assertThat(redis.cli("exists", RedisHistoryStore.key(room, "log"))).isEqualTo("1");
  }

  @Test
  @DisplayName("without the CA the server's certificate is not trusted: the store stays down and appends answer 503")
  void untrustedServer() throws Exception {
    try (HistoryNode node = new HistoryNode(history(null))) {
      HealthCheck ready = node.ready();
      assertThat(ready.up()).isFalse();
      assertThat(ready.message()).as("why the store is down").contains("SSL");
      assertThatThrownBy(() -> Futures.get(node.append(DurableStoreContract.room(), "u1")))
          .hasRootCauseInstanceOf(io.vertx.core.eventbus.ReplyException.class)
          .rootCause().satisfies(e -> assertThat(((io.vertx.core.eventbus.ReplyException) e).failureCode()).isEqualTo(503));
    }
  }

  @Test
  @DisplayName("a history.redis.caPath that cannot be read stops the history role naming the key and the path")
  void unreadableCa() {
    String missing = dir.resolve("no-such-ca.pem").toString();
    assertThatThrownBy(() -> new HistoryNode(history(missing)))
        .hasMessageContaining("invalid config: history.redis.caPath = \"" + missing + "\" (expected a readable PEM CA certificate");
  }
}
