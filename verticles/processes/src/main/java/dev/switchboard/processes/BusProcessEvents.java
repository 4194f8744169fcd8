package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes through the broadcaster: a request to {@code sb.broadcast.publish} with {@code {room, type, data}}.
 * The broadcaster may be missing or slow; each kind of failure is logged once at WARN, the event is dropped and
 * nothing waits or queues.
 */
final class BusProcessEvents implements ProcessEvents {

  private static final Logger LOG = LoggerFactory.getLogger(BusProcessEvents.class);
  private static final long PUBLISH_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final DeliveryOptions options = new DeliveryOptions().setSendTimeout(PUBLISH_TIMEOUT_MS);
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  BusProcessEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> publish(String room, String type, JsonObject data) {
    JsonObject body = new JsonObject().put("room", room).put("type", type).put("data", data);
    return vertx.eventBus().request(Addresses.BROADCAST_PUBLISH, body, options)
        .<Void>mapEmpty()
        .onFailure(this::warnOnce)
        .otherwiseEmpty();
  }

  private void warnOnce(Throwable failure) {
    String kind = failure instanceof ReplyException reply
        ? reply.failureType() + (reply.failureCode() > 0 ? " " + reply.failureCode() : "")
        : failure.getClass().getSimpleName();
    if (warned.add(kind)) {
      LOG.warn("process events not published, dropping them [address: {}, failure: {}]: {} (logged once per kind)",
          Addresses.BROADCAST_PUBLISH, kind, failure.getMessage());
    }
  }
}
