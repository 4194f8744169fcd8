package dev.switchboard.loadgen;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution in µs, recorded from any thread (HdrHistogram's {@link Recorder}: wait-free, 3 significant
 * digits), summarised in ms.
 */
final class Latency {

  /** One hour in µs: anything longer is recorded as that. */
  private static final long HIGHEST = 3_600_000_000L;

  private final Recorder recorder = new Recorder(HIGHEST, 3);
  private Histogram taken;

  void recordUs(long us) {
    recorder.recordValue(Math.max(0, Math.min(us, HIGHEST)));
  }

  /** Forgets everything recorded so far. */
  void reset() {
    recorder.reset();
    taken = null;
  }

  /** What was recorded since the last reset (taken once; later calls return the same). */
  synchronized Histogram histogram() {
    if (taken == null) {
      taken = recorder.getIntervalHistogram();
    }
    return taken;
  }

  /** {@code {count, min, mean, p50, p90, p99, p999, max}} in ms (null figures when nothing was recorded). */
  JsonObject summaryMs() {
    return summaryMs(histogram());
  }

  static JsonObject summaryMs(Histogram h) {
    JsonObject json = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return json.putNull("min").putNull("mean").putNull("p50").putNull("p90").putNull("p99").putNull("p999")
          .putNull("max");
    }
    return json.put("min", ms(h.getMinValue())).put("mean", ms(h.getMean()))
        .put("p50", ms(h.getValueAtPercentile(50))).put("p90", ms(h.getValueAtPercentile(90)))
        .put("p99", ms(h.getValueAtPercentile(99))).put("p999", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()));
  }

  static double ms(double us) {
    return Math.round(us) / 1000.0;
  }
}
