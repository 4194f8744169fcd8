package dev.switchboard.bridge.rest;

import dev.switchboard.bridge.transport.TokenBucket;
import dev.switchboard.shared.permissions.Claims;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST facade's rate limit ({@code http.requestsPerSecond}, {@code http.requestBurst}): a token bucket per caller
 * — the token's {@code sub}, or for an anonymous caller its client address — apart from the socket limits. The table
 * stays small: it is kept in order of last use, a bucket that has refilled (idle long enough to be no different from
 * a new one) is dropped as calls go by, and past {@link #MAX_CALLERS} the least recently seen caller is dropped.
 * Confined to the bridge's event loop.
 */
public final class RequestRateLimit {

  /** Callers tracked at once; each costs about a hundred bytes. */
  static final int MAX_CALLERS = 100_000;
  /** Idle buckets looked at per call: the dropping of refilled buckets is spread over calls. */
  private static final int EVICTIONS_PER_CALL = 2;

  private final int perSecond;
  private final int burst;
  private final int maxCallers;
  private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(256, 0.75f, true);

  public RequestRateLimit(int perSecond, int burst) {
    this(perSecond, burst, MAX_CALLERS);
  }

  RequestRateLimit(int perSecond, int burst, int maxCallers) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxCallers = maxCallers;
  }

  /** Takes one request of this caller; false when it is over its rate. */
  boolean tryTake(Claims claims, String remoteHost, long nowNanos) {
    String caller = claims.subject() != null ? "sub:" + claims.subject() : "address:" + remoteHost;
    dropIdle(nowNanos);
    TokenBucket bucket = buckets.get(caller);
    if (bucket == null) {
      if (buckets.size() >= maxCallers) {
        Iterator<TokenBucket> eldest = buckets.values().iterator();
        eldest.next();
        eldest.remove();
      }
      bucket = new TokenBucket(perSecond, burst, nowNanos);
      buckets.put(caller, bucket);
    }
    return bucket.tryTake(nowNanos);
  }

  /** The sentence of a refusal. */
  String refusal() {
    return "more than " + perSecond + " requests a second (burst " + burst + ") for this caller:"
        + " over http.requestsPerSecond";
  }

  /** Callers tracked now. */
  int size() {
    return buckets.size();
  }

  private void dropIdle(long nowNanos) {
    Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
    for (int i = 0; i < EVICTIONS_PER_CALL && eldest.hasNext(); i++) {
      if (!eldest.next().getValue().fullAt(nowNanos)) {
        return;
      }
      eldest.remove();
    }
  }
}
