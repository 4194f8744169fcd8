package dev.switchboard.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.locks.LockSupport;

/**
 * A sentinel thread that sleeps 1 ms at a time and records how late it wakes: on this kind of VM the host sometimes
 * pauses a virtual CPU for tens to hundreds of ms, which looks like CPU time and latency of whatever ran. Same
 * figures as the Node harness's {@code lib/stalls.js}: share of the time woken more than 2 ms late, wakes over 10
 * and 50 ms late, the longest.
 */
final class HostStalls {

  private volatile long stalledUs;
  private volatile long over10;
  private volatile long over50;
  private volatile long maxUs;
  private long baseStalledUs;
  private long baseOver10;
  private long baseOver50;
  private long markedAtUs;

  HostStalls start() {
    Thread sentinel = new Thread(this::run, "loadgen-stall-sentinel");
    sentinel.setDaemon(true);
    sentinel.start();
    mark();
    return this;
  }

  /** Starts a window: the longest is reset, the counters remembered. */
  synchronized void mark() {
    maxUs = 0;
    baseStalledUs = stalledUs;
    baseOver10 = over10;
    baseOver50 = over50;
    markedAtUs = Clock.nowUs();
  }

  /** Since {@link #mark()}: {@code {stalledPct, over10ms, over50ms, maxMs}}. */
  synchronized JsonObject read() {
    long windowUs = Math.max(1, Clock.nowUs() - markedAtUs);
    return new JsonObject()
        .put("stalledPct", Math.round(10_000.0 * (stalledUs - baseStalledUs) / windowUs) / 100.0)
        .put("over10ms", over10 - baseOver10)
        .put("over50ms", over50 - baseOver50)
        .put("maxMs", Math.round(maxUs / 100.0) / 10.0);
  }

  private void run() {
    long previous = Clock.nowUs();
    while (true) {
      LockSupport.parkNanos(1_000_000);
      long now = Clock.nowUs();
      long late = now - previous - 1000;
      previous = now;
      // single writer: plain read-modify-write of the volatiles is safe
      if (late > 2000) {
        stalledUs += late;
      }
      if (late > 10_000) {
        over10++;
      }
      if (late > 50_000) {
        over50++;
      }
      if (late > maxUs) {
        maxUs = late;
      }
    }
  }
}
