package dev.switchboard.bridge.transport;

/** A token bucket: {@code rate} tokens a second up to {@code burst}; not thread-safe (one socket, one event loop). */
public final class TokenBucket {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  public TokenBucket(int perSecond, int burst, long nowNanos) {
    this.ratePerNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Whether the bucket would be full by then: it is then no different from a new one. */
  public boolean fullAt(long nowNanos) {
    return tokens + (nowNanos - last) * ratePerNano >= burst;
  }

  public boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
