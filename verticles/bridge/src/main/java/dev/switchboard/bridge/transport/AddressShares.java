package dev.switchboard.bridge.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * New sockets per client address and second ({@code bridge.handshakesPerSecondPerAddress}; 0: unlimited), counted in
 * whole-second windows: the counts are dropped when a second ends, so memory holds only the addresses of the current
 * second. On the bridge's event loop.
 */
final class AddressShares {

  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int perSecond;
  private final Map<String, Integer> counts = new HashMap<>();
  private long windowStart = Long.MIN_VALUE;

  AddressShares(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Takes one of the address's share of this second; false when it has none left. An unknown address has no share. */
  boolean tryTake(String host, long nowNanos) {
    if (perSecond <= 0 || host == null) {
      return true;
    }
    if (!inWindow(nowNanos)) {
      windowStart = nowNanos;
      counts.clear();
    }
    int taken = counts.merge(host, 1, Integer::sum);
    if (taken > perSecond) {
      counts.put(host, perSecond + 1);
      return false;
    }
    return true;
  }

  /** True when the address asked for more than its share in the current second (it is refused until the next). */
  boolean usedUp(String host, long nowNanos) {
    if (perSecond <= 0 || host == null || !inWindow(nowNanos)) {
      return false;
    }
    Integer taken = counts.get(host);
    return taken != null && taken > perSecond;
  }

  private boolean inWindow(long nowNanos) {
    return windowStart != Long.MIN_VALUE && nowNanos - windowStart < WINDOW_NANOS;
  }

  /** Addresses counted in the current second. */
  int tracked() {
    return counts.size();
  }
}
