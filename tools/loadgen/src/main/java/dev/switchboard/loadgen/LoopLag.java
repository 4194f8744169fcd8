package dev.switchboard.loadgen;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How late each event loop of the generator runs a 1 ms timer: the delay of that loop's work queue, like Node's
 * {@code monitorEventLoopDelay} (1 ms resolution, the resolution subtracted). A loop busy with a burst of
 * deliveries shows here; its p99 above 5 ms means latencies measure the generator too.
 */
final class LoopLag {

  private static final long RESOLUTION_MS = 1;
  private final Latency lag = new Latency();

  LoopLag(List<Context> loops) {
    for (Context loop : loops) {
      loop.runOnContext(v -> tick(loop, Clock.nowUs()));
    }
  }

  private void tick(Context loop, long scheduledAtUs) {
    loop.owner().setTimer(RESOLUTION_MS, id -> {
      long now = Clock.nowUs();
      lag.recordUs(now - scheduledAtUs - RESOLUTION_MS * 1000);
      tick(loop, now);
    });
  }

  /** Starts a window. */
  void reset() {
    lag.reset();
  }

  /** The delays since {@link #reset()}: {@code {p50, p99, max}} in ms. */
  JsonObject summaryMs() {
    JsonObject all = lag.summaryMs();
    return new JsonObject().put("p50", all.getValue("p50")).put("p99", all.getValue("p99"))
        .put("max", all.getValue("max"));
  }
}
