package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded buffer between a child's pumps and the bus: pumps {@link #offer} lines from their threads and are
 * never blocked; when the buffer is full the line is dropped and counted. The process's context drains the
 * buffer with at most {@link #MAX_IN_FLIGHT} publishes awaiting a reply, and reports drops as
 * {@code process.output_truncated {processId, dropped}} ({@code dropped}: lines dropped so far), at most once a
 * second and once more when the output ends.
 */
final class OutputPublisher {

  static final int MAX_IN_FLIGHT = 32;
  private static final long REPORT_EVERY_MS = 1_000;

  private final String processId;
  private final String room;
  private final Context context;
  private final ProcessEvents events;
  private final ArrayBlockingQueue<JsonObject> buffer;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private long reportedDropped;
  private long lastReportMs;
  private int inFlight;
  private boolean draining;
  private boolean drainAgain;

  OutputPublisher(String processId, Context context, ProcessEvents events, int capacity) {
    this.processId = processId;
    this.room = ProcessEventTypes.processRoom(processId);
    this.context = context;
    this.events = events;
    this.buffer = new ArrayBlockingQueue<>(capacity);
  }

  /** From a pump thread: queues one {@code process.output} event, or drops it when the buffer is full. */
  void offer(String stream, String line, long n) {
    JsonObject data = new JsonObject().put("processId", processId).put("stream", stream).put("line", line).put("n", n);
    if (!buffer.offer(data)) {
      dropped.incrementAndGet();
    }
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** On the context, once the output has ended: publishes what is buffered and the final drop count. */
  void finish() {
    drain();
    reportDrops(true);
  }

  private void drain() {
    drainScheduled.set(false);
    if (draining) {
      // a publish that completed at once calls back into drain(): loop here instead of recursing
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        JsonObject next;
        while (inFlight < MAX_IN_FLIGHT && (next = buffer.poll()) != null) {
          inFlight++;
          events.publish(room, ProcessEventTypes.OUTPUT, next).onComplete(done -> {
            inFlight--;
            drain();
          });
        }
      } while (drainAgain);
    } finally {
      draining = false;
    }
    reportDrops(false);
  }

  private void reportDrops(boolean last) {
    long now = System.currentTimeMillis();
    long total = dropped.get();
    if (total > reportedDropped && (last || now - lastReportMs >= REPORT_EVERY_MS)) {
      reportedDropped = total;
      lastReportMs = now;
      events.publish(room, ProcessEventTypes.OUTPUT_TRUNCATED,
          new JsonObject().put("processId", processId).put("dropped", total));
    }
  }
}
