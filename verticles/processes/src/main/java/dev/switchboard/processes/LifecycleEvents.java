package dev.switchboard.processes;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.events.Uuid7;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The events that must not be lost ({@code process.started}, {@code exited}, {@code stopped}, {@code timed_out},
 * {@code failed}, {@code lost}, {@code restarting}, {@code crashloop}, {@code output_truncated}, {@code error.detected}):
 * each gets an id once and is published with it until the broadcaster answers that it is stored (a repeat of a
 * stored one answers {@code duplicate}, docs/protocol.md). In the order given, at most {@link #MAX_IN_FLIGHT} at a
 * time; after a failure that may pass (429, 503, 500, no answer) the queue waits {@link #FIRST_RETRY_MS}, doubling
 * up to {@link #MAX_RETRY_MS}, and sends the failed one first. A refusal that cannot pass (400, 403, 413) drops
 * the event. The queue holds at most {@link #MAX_PENDING} events and {@link #MAX_PENDING_BYTES} bytes of data: past
 * that (the store has been down for a long time) new events are dropped, logged and counted. On the verticle's
 * context only.
 */
final class LifecycleEvents {

  static final int MAX_PENDING = 10_000;
  static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
  static final int MAX_IN_FLIGHT = 16;
  static final long FIRST_RETRY_MS = 50;
  static final long MAX_RETRY_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleEvents.class);

  private record Pending(String room, String type, JsonObject data, String id, int bytes) {
  }

  private final Vertx vertx;
  private final ProcessEvents events;
  private final ProcessMetrics metrics;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private long pendingBytes;
  private int inFlight;
  private int failuresInRow;
  private long retryTimer = -1;
  private boolean overflowing;

  LifecycleEvents(Vertx vertx, ProcessEvents events, ProcessMetrics metrics) {
    this.vertx = vertx;
    this.events = events;
    this.metrics = metrics;
    metrics.pendingEvents(this::pending);
  }

  /** Queues the event; it is published, retried if need be, until stored. */
  void publish(String room, String type, JsonObject data) {
    int bytes = data.encode().length();
    if (pending.size() >= MAX_PENDING || pendingBytes + bytes > MAX_PENDING_BYTES) {
      metrics.eventDropped("queue_full");
      if (!overflowing) {
        overflowing = true;
        LOG.warn("process events not stored and the retry queue is full, dropping new ones [type: {}, pending: {},"
            + " pendingBytes: {}]", type, pending.size(), pendingBytes);
      }
      return;
    }
    pending.addLast(new Pending(room, type, data, Uuid7.next(), bytes));
    pendingBytes += bytes;
    pump();
  }

  /** Events waiting to be stored (queued and in flight). */
  int pending() {
    return pending.size() + inFlight;
  }

  private void pump() {
    while (retryTimer < 0 && inFlight < MAX_IN_FLIGHT && !pending.isEmpty()) {
      Pending next = pending.pollFirst();
      pendingBytes -= next.bytes;
      inFlight++;
      events.publish(next.room, next.type, next.data, next.id).onComplete(done -> {
        inFlight--;
        if (done.succeeded()) {
          failuresInRow = 0;
          overflowing = false;
        } else {
          failed(next, done.cause());
        }
        pump();
      });
    }
  }

  private void failed(Pending event, Throwable failure) {
    int code = BusErrors.code(failure);
    if (code == FailureCodes.INVALID || code == FailureCodes.FORBIDDEN || code == FailureCodes.TOO_LARGE) {
      metrics.eventDropped("refused");
      LOG.warn("process event refused, dropped [type: {}, room: {}]: {}", event.type, event.room, failure.getMessage());
      return;
    }
    metrics.eventRetried();
    pending.addFirst(event);
    pendingBytes += event.bytes;
    if (retryTimer < 0) {
      long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failuresInRow, 20));
      failuresInRow++;
      if (failuresInRow == 1 && code != FailureCodes.LIMIT) {
        LOG.warn("process events not stored, retrying until they are [type: {}, code: {}]: {}", event.type, code,
            failure.getMessage());
      }
      retryTimer = vertx.setTimer(delay, t -> {
        retryTimer = -1;
        pump();
      });
    }
  }
}
