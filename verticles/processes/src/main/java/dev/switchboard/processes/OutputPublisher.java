package dev.switchboard.processes;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded buffer between a child's pumps and the bus, for all the runs of one process: pumps {@link #offer}
 * lines from their threads and are never blocked; when the buffer is full the line is dropped and counted. The
 * process's context drains the buffer with at most {@link #MAX_IN_FLIGHT} publishes awaiting a reply; a line the
 * broadcaster refuses or does not answer is counted as dropped too, and after a 429 or 503 draining pauses for
 * {@link #PAUSE_MS} (the buffer absorbs what it can meanwhile). Drops are reported as
 * {@code process.output_truncated {processId, dropped}} ({@code dropped}: lines dropped so far, not stored), through
 * the lifecycle events (so the report itself is not lost), at most once a second and once more when a run's output
 * has ended and every line of it has been answered: that last count is exact.
 */
final class OutputPublisher {

  static final int MAX_IN_FLIGHT = 32;
  static final long PAUSE_MS = 100;
  private static final long REPORT_EVERY_MS = 1_000;

  private final String processId;
  private final String room;
  private final Context context;
  private final ProcessEvents events;
  private final LifecycleEvents lifecycle;
  private final ProcessMetrics metrics;
  private final ArrayBlockingQueue<JsonObject> buffer;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private long reportedDropped;
  private long lastReportMs;
  private int inFlight;
  private boolean draining;
  private boolean drainAgain;
  private boolean paused;
  private boolean runOutputEnded;

  OutputPublisher(String processId, Context context, ProcessEvents events, LifecycleEvents lifecycle,
                  ProcessMetrics metrics, int capacity) {
    this.processId = processId;
    this.room = ProcessEventTypes.processRoom(processId);
    this.context = context;
    this.events = events;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.buffer = new ArrayBlockingQueue<>(capacity);
  }

  /** From a pump thread: queues one {@code process.output} event, or drops it when the buffer is full. */
  void offer(String stream, String line, long n) {
    JsonObject data = new JsonObject().put("processId", processId).put("stream", stream).put("line", line).put("n", n);
    if (!buffer.offer(data)) {
      drop();
    }
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** On the context, once a run's output has ended: publishes what is buffered, then the final drop count. */
  void runEnded() {
    runOutputEnded = true;
    drain();
  }

  /** On the context: a new run starts writing. */
  void runStarted() {
    runOutputEnded = false;
  }

  private void drop() {
    dropped.incrementAndGet();
    metrics.outputDropped();
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
        while (!paused && inFlight < MAX_IN_FLIGHT && (next = buffer.poll()) != null) {
          inFlight++;
          events.publish(room, ProcessEventTypes.OUTPUT, next).onComplete(done -> {
            inFlight--;
            if (done.failed()) {
              drop();
              pauseOn(done.cause());
            }
            drain();
          });
        }
      } while (drainAgain);
    } finally {
      draining = false;
    }
    boolean allAnswered = runOutputEnded && inFlight == 0 && buffer.isEmpty();
    reportDrops(allAnswered);
  }

  private void pauseOn(Throwable failure) {
    int code = BusErrors.code(failure);
    if (!paused && (code == FailureCodes.LIMIT || code == FailureCodes.UNAVAILABLE)) {
      paused = true;
      context.owner().setTimer(PAUSE_MS, t -> {
        paused = false;
        drain();
      });
    }
  }

  private void reportDrops(boolean last) {
    long now = System.currentTimeMillis();
    long total = dropped.get();
    if (total > reportedDropped && (last || now - lastReportMs >= REPORT_EVERY_MS)) {
      reportedDropped = total;
      lastReportMs = now;
      lifecycle.publish(room, ProcessEventTypes.OUTPUT_TRUNCATED,
          new JsonObject().put("processId", processId).put("dropped", total));
    }
  }
}
