package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Publishes through the broadcaster: a request to {@code sb.broadcast.publish} with {@code {room, type, data, id?}}.
 * A refusal or a missing answer fails the future; the callers count, retry or drop (nothing is logged here).
 */
final class BusProcessEvents implements ProcessEvents {

  static final long PUBLISH_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final DeliveryOptions options = new DeliveryOptions().setSendTimeout(PUBLISH_TIMEOUT_MS);

  BusProcessEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> publish(String room, String type, JsonObject data, String id) {
    JsonObject body = new JsonObject().put("room", room).put("type", type).put("data", data);
    if (id != null) {
      body.put("id", id);
    }
    return vertx.eventBus().request(Addresses.BROADCAST_PUBLISH, body, options).mapEmpty();
  }
}
