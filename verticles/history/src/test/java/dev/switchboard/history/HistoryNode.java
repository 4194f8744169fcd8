package dev.switchboard.history;

import dev.switchboard.testkit.Futures;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.health.HealthChecks;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** One Vert.x with the history verticle over a given {@code history} config: what a node's history role is. */
final class HistoryNode implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();

  HistoryNode(JsonObject history) throws Exception {
    JsonObject config = ConfigSchema.merge(ConfigSchema.defaults(), new JsonObject()
        .put("node", new JsonObject().put("name", "h1")).put("history", history));
    Futures.get(vertx.deployVerticle(new HistoryVerticle(), new DeploymentOptions().setConfig(config)));
  }

  Future<JsonObject> append(String room, String id) {
    long ts = System.currentTimeMillis();
    String envelope = Envelope.text(id, room, "t", new JsonObject().put("n", id).encode(), ts, "h1", null);
    return vertx.eventBus().<JsonObject>request(Addresses.HISTORY_APPEND, new AppendRequest(room, id, ts, envelope).toJson())
        .map(Message::body);
  }

  Future<JsonObject> replay(JsonObject request) {
    return vertx.eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY, request).map(Message::body);
  }

  /** The node's {@code history} readiness check, as {@code /ready} would run it. */
  HealthCheck ready() throws Exception {
    return Futures.get(HealthChecks.of(vertx).run()).stream().filter(c -> c.name().equals("history")).findFirst().orElseThrow();
  }

  @Override
  public void close() throws Exception {
    Futures.get(vertx.close());
  }

}
