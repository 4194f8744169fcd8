package dev.switchboard.history;

import dev.switchboard.testkit.Futures;
import org.junit.jupiter.api.Tag;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("faults")
@DisplayName("durability: postgres store")
class PostgresDurabilityIT extends DurableStoreContract {

  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  JsonObject history() {
    return new JsonObject().put("store", "postgres")
        .put("postgres", new JsonObject().put("connectionString", postgres.connectionString()));
  }

  @Override
  String storeName() {
    return "postgres store";
  }

  @Override
  void stopServer() {
    postgres.stopServer();
  }

  @Override
  void startServer() {
    postgres.startServer();
  }

  @Test
  @DisplayName("a row changed behind the store's back fails its checksum: never served, recovered false, reported")
  void corruptedRow() throws Exception {
    String room = room();
    try (HistoryNode node = new HistoryNode(history())) {
      for (int i = 1; i <= 5; i++) {
        Futures.get(node.append(room, "c" + i));
      }
      assertThat(postgres.sql("UPDATE sb_history_events SET envelope = replace(envelope, '\"n\":\"c3\"', '\"n\":\"evil\"')"
          + " WHERE room = '" + room + "' AND \"offset\" = 3")).isEqualTo("UPDATE 1");

      JsonObject replay = Futures.get(node.replay(new JsonObject().put("room", room).put("since", 0)));
      assertThat(replay.getBoolean("recovered")).isFalse();
      assertThat(replay.getLong("offset")).isEqualTo(5);
      assertThat(replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("offset")).toList())
          .containsExactly(4L, 5L);
      assertThat(replay.encode()).doesNotContain("evil");
      assertThat(node.ready().message()).contains("1 corrupted event(s)");

      JsonObject after = Futures.get(node.replay(new JsonObject().put("room", room).put("since", 3)));
      assertThat(after.getBoolean("recovered")).isTrue();
      assertThat(after.getJsonArray("events")).hasSize(2);
    }
  }
}
