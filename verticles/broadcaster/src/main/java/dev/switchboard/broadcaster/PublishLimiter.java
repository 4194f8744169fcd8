package dev.switchboard.broadcaster;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets of publishers on this node: one per user ({@code sb-user}), one shared by the server-side publishers.
 * Each holds up to {@code perSecond} tokens and gains {@code perSecond} a second. A bucket idle long enough to be full
 * again is the same as no bucket, so {@link #evictIdle} forgets those; at most {@code maxBuckets} are kept.
 * Not thread-safe: used on the broadcaster's event loop only.
 */
final class PublishLimiter {

  static final int MAX_BUCKETS = 100_000;

  private final double perSecond;
  private final long refillNanos;
  private final int maxBuckets;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> users = new HashMap<>();
  private final Bucket server;

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  PublishLimiter(int perSecond, int maxBuckets, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.refillNanos = 1_000_000_000L;
    this.maxBuckets = maxBuckets;
    this.nanoClock = nanoClock;
    this.server = new Bucket(perSecond, nanoClock.getAsLong());
  }

  /** Takes a token for the user (null: a server-side publisher); false when there is none left. */
  boolean tryAcquire(String user) {
    long now = nanoClock.getAsLong();
    Bucket bucket = user == null ? server : users.get(user);
    if (bucket == null) {
      if (users.size() >= maxBuckets) {
        evictIdle();
        if (users.size() >= maxBuckets) {
          return false;
        }
      }
      bucket = new Bucket(perSecond, now);
      users.put(user, bucket);
    }
    bucket.tokens = Math.min(perSecond, bucket.tokens + (now - bucket.updated) * perSecond / refillNanos);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets the buckets that have refilled completely. */
  void evictIdle() {
    long now = nanoClock.getAsLong();
    for (Iterator<Bucket> it = users.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      if (bucket.tokens + (now - bucket.updated) * perSecond / refillNanos >= perSecond) {
        it.remove();
      }
    }
  }

  int bucketCount() {
    return users.size();
  }
}
