package dev.switchboard.history;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.events.AppendBatch;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bus contract of {@code sb.history.append} and {@code sb.history.replay} (memory store, one node). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HistoryContractTest {

  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    JsonObject config = ConfigSchema.merge(ConfigSchema.defaults(),
        new JsonObject().put("node", new JsonObject().put("name", "h1")));
    vertx.deployVerticle(new HistoryVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("append answers {id, offset, epoch}; replay answers {room, events, offset, epoch, recovered, more}")
  void appendThenReplay() throws Exception {
    JsonObject first = request(Addresses.HISTORY_APPEND, appendBody("project:1", "a"));
    JsonObject second = request(Addresses.HISTORY_APPEND, appendBody("project:1", "b"));
    assertThat(first.getLong("offset")).isEqualTo(1);
    assertThat(second.getLong("offset")).isEqualTo(2);
    assertThat(second.getString("epoch")).isEqualTo(first.getString("epoch"));
    assertThat(second.containsKey("duplicate")).isFalse();
    JsonObject again = request(Addresses.HISTORY_APPEND, appendBody("project:1", "a"));
    assertThat(again).isEqualTo(first.copy().put("duplicate", true));

    JsonObject replay = request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", "project:1").put("since", 0));
    assertThat(replay.fieldNames()).containsExactlyInAnyOrder("room", "events", "offset", "epoch", "recovered", "more");
    assertThat(replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList())
        .containsExactly("a", "b");
    assertThat(replay.getLong("offset")).isEqualTo(2);
    assertThat(replay.getBoolean("recovered")).isTrue();
    assertThat(replay.getBoolean("more")).isFalse();
  }

  @Test
  @DisplayName("replay of a room nobody published into: no events, offset 0, recovered")
  void emptyRoom() throws Exception {
    JsonObject replay = request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", "global"));
    assertThat(replay.getJsonArray("events")).isEmpty();
    assertThat(replay.getLong("offset")).isZero();
    assertThat(replay.getString("epoch")).isNotBlank();
    assertThat(replay.getBoolean("recovered")).isTrue();
  }

  @Test
  @DisplayName("replay refuses a bad room, since, epoch or limit with 400 naming it")
  void replayInvalid() {
    List<JsonObject> bad = List.of(
        new JsonObject().put("room", "nope"),
        new JsonObject(),
        new JsonObject().put("room", 7),
        new JsonObject().put("room", "global").put("since", -1),
        new JsonObject().put("room", "global").put("since", "3"),
        new JsonObject().put("room", "global").put("since", 1.5),
        new JsonObject().put("room", "global").put("epoch", ""),
        new JsonObject().put("room", "global").put("epoch", 5),
        new JsonObject().put("room", "global").put("limit", 0),
        new JsonObject().put("room", "global").put("limit", 1001),
        new JsonObject().put("room", "global").put("limit", "10"));
    List<String> named = List.of("room", "room", "room", "since", "since", "since", "epoch", "epoch", "limit", "limit", "limit");
    for (int i = 0; i < bad.size(); i++) {
      JsonObject body = bad.get(i);
      String field = named.get(i);
      assertThatThrownBy(() -> request(Addresses.HISTORY_REPLAY, body)).as(body.encode())
          .cause().isInstanceOfSatisfying(ReplyException.class, e -> {
            assertThat(e.failureCode()).isEqualTo(400);
            assertThat(new JsonObject(e.getMessage()).getString("error")).isEqualTo("invalid");
            assertThat(new JsonObject(e.getMessage()).getString("message")).contains(field);
          });
    }
  }

  @Test
  @DisplayName("append refuses a body that is not an append with 400")
  void appendInvalid() {
    assertThatThrownBy(() -> request(Addresses.HISTORY_APPEND, new JsonObject().put("room", "global")))
        .cause().isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
  }

  @Test
  @DisplayName("a batch append is appended in its order (offsets of a room follow it) and answered one result per"
      + " event, a duplicate answered as one")
  void batchAppend() throws Exception {
    JsonObject first = request(Addresses.HISTORY_APPEND, appendBody("project:2", "x"));
    JsonObject batch = new JsonObject().put("events", new JsonArray()
        .add(appendBody("project:2", "y")).add(appendBody("project:3", "p")).add(appendBody("project:2", "x"))
        .add(appendBody("project:2", "z")));
    JsonArray results = request(Addresses.HISTORY_APPEND, batch).getJsonArray("results");
    assertThat(results).hasSize(4);
    assertThat(results.getJsonObject(0).getLong("offset")).isEqualTo(2);
    assertThat(results.getJsonObject(1).getLong("offset")).isEqualTo(1);
    assertThat(results.getJsonObject(2)).isEqualTo(first.copy().put("duplicate", true));
    assertThat(results.getJsonObject(3).getLong("offset")).isEqualTo(3);
    JsonObject replay = request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", "project:2").put("since", 0));
    assertThat(replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList())
        .containsExactly("x", "y", "z");
  }

  @Test
  @DisplayName("a batch append that is not {events: [1 to 1000 appends]} is refused whole with 400, nothing appended")
  void batchInvalid() throws Exception {
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= AppendBatch.MAX_EVENTS; i++) {
      tooMany.add(appendBody("project:4", "m" + i));
    }
    List<JsonObject> bad = List.of(new JsonObject().put("events", new JsonArray()),
        new JsonObject().put("events", "x"), new JsonObject().put("events", new JsonArray().add(7)),
        new JsonObject().put("events", new JsonArray().add(appendBody("project:4", "a")).add(new JsonObject())),
        new JsonObject().put("events", tooMany));
    for (JsonObject body : bad) {
      assertThatThrownBy(() -> request(Addresses.HISTORY_APPEND, body)).as(body.encode().substring(0, Math.min(40, body.encode().length())))
          .hasCauseInstanceOf(ReplyException.class)
          .satisfies(e -> assertThat(((ReplyException) e.getCause()).failureCode()).isEqualTo(400));
    }
    JsonObject replay = request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", "project:4").put("since", 0));
    assertThat(replay.getJsonArray("events")).isEmpty();
  }

  private static JsonObject appendBody(String room, String id) {
    long ts = System.currentTimeMillis();
    return new AppendRequest(room, id, ts, Envelope.text(id, room, "t", "{}", ts, "h1", null)).toJson();
  }

  private JsonObject request(String address, JsonObject body) throws ExecutionException, InterruptedException,
      java.util.concurrent.TimeoutException {
    return vertx.eventBus().<JsonObject>request(address, body).map(Message::body)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
