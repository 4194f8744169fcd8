package dev.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.LongAdder;

/**
 * The stock Vert.x SockJS/event-bus bridge's model: each socket registering on an address gets its own cluster-wide
 * consumer ({@code eventBus().consumer(address)} on the clustered bus, which Vert.x's Hazelcast cluster manager stores
 * as one entry of its subscription multimap, and every member hears of), and a publish is
 * {@code eventBus().publish(address, body)}, which Vert.x sends to every member holding a registration.
 */
final class StockBridgeModel implements RoutingModel {

  private static final String PREFIX = "app.room.";

  @Override
  public String name() {
    return "stock-bridge";
  }

  @Override
  public Future<Node> start(SimMember member, LongAdder deliveries) {
    return Future.succeededFuture(new StockNode(member, deliveries));
  }

  private record StockNode(SimMember member, LongAdder deliveries) implements Node {

    @Override
    public Future<Registration> register(String user, String room) {
      return member.on(() -> {
        MessageConsumer<JsonObject> consumer = member.vertx().eventBus().consumer(PREFIX + room,
            message -> deliveries.increment());
        return consumer.completion().map(v -> (Registration) () -> member.on(consumer::unregister));
      });
    }

    @Override
    public Future<Void> publish(String room, long offset, Buffer envelope) {
      return member.on(() -> {
        member.vertx().eventBus().publish(PREFIX + room, new JsonObject(envelope));
        return Future.succeededFuture();
      });
    }

    @Override
    public Future<Void> stop() {
      return Future.succeededFuture();
    }
  }
}
