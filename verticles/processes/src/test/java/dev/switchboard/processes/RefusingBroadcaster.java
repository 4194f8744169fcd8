package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Stands in for a broadcaster that refuses: a local consumer on {@code sb.broadcast.publish} asking {@code refusal}
 * (the publish body and how many times its id was tried before) for a failure code, 0 to store it. Stores like
 * history does: an id already stored answers {@code duplicate} and is not stored again.
 */
final class RefusingBroadcaster {

  private final List<JsonObject> stored = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final MessageConsumer<JsonObject> consumer;
  private volatile BiFunction<JsonObject, Integer, Integer> refusal;

  private RefusingBroadcaster(Vertx vertx, BiFunction<JsonObject, Integer, Integer> refusal) {
    this.refusal = refusal;
    this.consumer = vertx.eventBus().localConsumer(Addresses.BROADCAST_PUBLISH, this::handle);
  }

  static Future<RefusingBroadcaster> register(Vertx vertx, BiFunction<JsonObject, Integer, Integer> refusal) {
    RefusingBroadcaster broadcaster = new RefusingBroadcaster(vertx, refusal);
    return broadcaster.consumer.completion().map(broadcaster);
  }

  void refuseWith(BiFunction<JsonObject, Integer, Integer> newRefusal) {
    this.refusal = newRefusal;
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    String id = body.getString("id");
    int before = id == null ? 0 : attempts.merge(id, 1, Integer::sum) - 1;
    int code = refusal.apply(body, before);
    if (code != 0) {
      refused.incrementAndGet();
      message.fail(code, BusErrors.body(code, "refused by the test"));
      return;
    }
    boolean duplicate = id != null && stored.stream().anyMatch(e -> id.equals(e.getString("id")));
    if (!duplicate) {
      stored.add(body);
    }
    message.reply(new JsonObject().put("room", body.getString("room")).put("duplicate", duplicate));
  }

  List<JsonObject> stored() {
    return List.copyOf(stored);
  }

  List<JsonObject> stored(String type) {
    return stored.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  /** How many times the publish with this id was attempted. */
  int attempts(String id) {
    return attempts.getOrDefault(id, 0);
  }

  long refused() {
    return refused.get();
  }
}
