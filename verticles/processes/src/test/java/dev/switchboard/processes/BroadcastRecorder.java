package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import dev.switchboard.shared.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Stands in for the broadcaster: a local consumer on {@code sb.broadcast.publish} that keeps what it is sent. */
final class BroadcastRecorder {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final AtomicLong offsets = new AtomicLong();
  private final MessageConsumer<JsonObject> consumer;
  private final AtomicLong outputLines = new AtomicLong();
  private volatile boolean keepOutput = true;

  private BroadcastRecorder(Vertx vertx, boolean clusterWide) {
    io.vertx.core.Handler<io.vertx.core.eventbus.Message<JsonObject>> handler = message -> {
      JsonObject body = message.body();
      if ("process.output".equals(body.getString("type"))) {
        outputLines.incrementAndGet();
      }
      if (keepOutput || !"process.output".equals(body.getString("type"))) {
        events.add(body);
      }
      message.reply(new JsonObject().put("room", body.getString("room")).put("offset", offsets.incrementAndGet()));
    };
    consumer = clusterWide ? vertx.eventBus().consumer(Addresses.BROADCAST_PUBLISH, handler)
        : vertx.eventBus().localConsumer(Addresses.BROADCAST_PUBLISH, handler);
  }

  /** A local consumer: sees what this node publishes. */
  static Future<BroadcastRecorder> register(Vertx vertx) {
    BroadcastRecorder recorder = new BroadcastRecorder(vertx, false);
    return recorder.consumer.completion().map(recorder);
  }

  /** A cluster-wide consumer: sees what every node publishes. */
  static Future<BroadcastRecorder> registerClusterWide(Vertx vertx) {
    BroadcastRecorder recorder = new BroadcastRecorder(vertx, true);
    return recorder.consumer.completion().map(recorder);
  }

  /** Counts output lines without keeping them (for floods). */
  BroadcastRecorder countOnly() {
    keepOutput = false;
    return this;
  }

  /** How many {@code process.output} events arrived. */
  long outputLines() {
    return outputLines.get();
  }

  long received() {
    return offsets.get();
  }

  List<JsonObject> events() {
    return List.copyOf(events);
  }

  List<JsonObject> ofType(String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  /** The data of the events of {@code type} about {@code processId}. */
  List<JsonObject> about(String processId, String type) {
    return ofType(type).stream().map(e -> e.getJsonObject("data"))
        .filter(data -> processId.equals(data.getString("processId"))).toList();
  }

  /** The first event of that type about that process, waiting for it until the deadline. */
  JsonObject await(String processId, String type, long timeoutMs) {
    return Poll.until(() -> about(processId, type).stream().findFirst().orElse(null), timeoutMs,
        type + " of " + processId);
  }

  Future<Void> close() {
    return consumer.unregister();
  }

  static Predicate<JsonObject> type(String type) {
    return e -> type.equals(e.getString("type"));
  }
}
