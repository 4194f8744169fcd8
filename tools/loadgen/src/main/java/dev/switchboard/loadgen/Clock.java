package dev.switchboard.loadgen;

/**
 * The generator's one clock: monotonic microseconds since it started. Every schedule, every intended send time
 * carried in an event's {@code t} and every latency use it; publisher and subscribers share the process.
 */
final class Clock {

  private static final long T0 = System.nanoTime();

  private Clock() {
  }

  static long nowUs() {
    return (System.nanoTime() - T0) / 1000;
  }
}
