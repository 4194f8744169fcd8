package dev.switchboard.history;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.shared.config.HistoryConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("recovery table: postgres store")
class PostgresRecoveryIT extends RecoveryTableContract {

  private static Vertx vertx;
  private static PostgresServer postgres;

  @BeforeAll
  static void startServer() throws Exception {
    postgres = PostgresServer.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (vertx != null) {
      Futures.get(vertx.close(), Duration.ofSeconds(10));
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  HistoryStore store(HistoryConfig config) throws Exception {
    return Futures.get(PostgresHistoryStore.open(vertx, new HistoryConfig("postgres", config.retention(), config.rooms(),
        config.redisConnection(), postgres.connectionString(), config.maxRooms(), config.maxReplyBytes()), clock::get), Duration.ofSeconds(10));
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((PostgresHistoryStore) store).epoch();
  }
}
