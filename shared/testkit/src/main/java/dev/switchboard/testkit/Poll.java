package dev.switchboard.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition by polling it until a deadline (tests never sleep to wait, STYLE.md rule 14): an
 * {@link AssertionError} naming what was awaited when the deadline passes.
 */
public final class Poll {

  private static final long PAUSE_MS = 20;

  private Poll() {
  }

  /** The first non-null {@code value}. */
  public static <T> T until(Supplier<T> value, long timeoutMs, String what) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      T result = value.get();
      if (result != null) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      pause();
    }
  }

  public static void until(BooleanSupplier condition, long timeoutMs, String what) {
    until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeoutMs, what);
  }

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(condition, timeout.toMillis(), what);
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
