package dev.switchboard.bridge;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Delivery latencies, in nanoseconds, recorded from any thread; percentiles over what was recorded. */
final class Latencies {

  private long[] samples = new long[4096];
  private int count;

  synchronized void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  synchronized int count() {
    return count;
  }

  /** The {@code p}-th percentile (0–100) in milliseconds. */
  synchronized double percentileMs(double p) {
    if (count == 0) {
      throw new IllegalStateException("no latency recorded");
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(p / 100 * count) - 1);
    return sorted[Math.max(0, index)] / (double) TimeUnit.MILLISECONDS.toNanos(1);
  }
}
