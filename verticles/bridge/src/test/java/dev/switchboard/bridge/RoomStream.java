package dev.switchboard.bridge;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A steady stream of events into one room of a test node, delivered through room routing from the calling thread at
 * a fixed rate; each event's data carries {@code sentNanos} (this JVM's {@link System#nanoTime()}) for latency.
 */
final class RoomStream {

  private final BridgeTestNode node;
  private final String room;
  private final long intervalNanos;
  private final String pad;
  private long offset;
  private long next = System.nanoTime();

  RoomStream(BridgeTestNode node, String room, int perSecond, int eventBytes) {
    this.node = node;
    this.room = room;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.pad = "x".repeat(eventBytes);
  }

  /** The offset of the last event streamed (0: none yet). */
  long lastOffset() {
    return offset;
  }

  /** Streams for {@code ms}. */
  void runFor(long ms) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    runUntil(() -> System.nanoTime() >= end, ms + 1000);
  }

  /** Streams until {@code condition} holds; the {@link System#nanoTime()} at which it was seen to. */
  long runUntil(BooleanSupplier condition, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    next = Math.max(next, System.nanoTime());
    while (!condition.getAsBoolean()) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new AssertionError("condition not met within " + timeoutMs + " ms of streaming into " + room);
      }
      if (now < next) {
        TimeUnit.NANOSECONDS.sleep(Math.min(next - now, TimeUnit.MILLISECONDS.toNanos(5)));
        continue;
      }
      next += intervalNanos;
      node.deliver(room, ++offset, "stream", new JsonObject().put("sentNanos", System.nanoTime()).put("pad", pad));
    }
    return System.nanoTime();
  }
}
