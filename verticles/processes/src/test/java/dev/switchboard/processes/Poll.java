package dev.switchboard.processes;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline (tests never sleep to wait). */
final class Poll {

  private Poll() {
  }

  static <T> T until(Supplier<T> value, long timeoutMs, String what) {
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

  static void until(BooleanSupplier condition, long timeoutMs, String what) {
    until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeoutMs, what);
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
