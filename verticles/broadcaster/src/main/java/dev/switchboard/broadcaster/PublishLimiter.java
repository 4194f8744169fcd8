package dev.switchboard.broadcaster;

import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.shared.rooms.RoomNames;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets of publishers on this node: one per user ({@code sb-user}), one shared by the server-side publishers,
 * and one of the process monitors (server-side publishes into the rooms they own: {@code processes}, {@code errors},
 * {@code process:<id>}) holding {@code processesPerSecond} ({@code processes.publishPerSecond}). In that one, output
 * lines leave {@link #LIFECYCLE_RESERVE} of it to the lifecycle events ({@code process.started}, {@code exited}, …):
 * a chatty process cannot take the last tokens an exit needs.
 * Each holds up to {@code perSecond} tokens and gains {@code perSecond} a second. A bucket idle long enough to be full
 * again is the same as no bucket, so {@link #evictIdle} forgets those; at most {@code maxBuckets} are kept.
 * Not thread-safe: used on the broadcaster's event loop only.
 */
final class PublishLimiter {

  static final int MAX_BUCKETS = 100_000;
  /** The share of the process monitors' bucket that output lines may not take. */
  static final double LIFECYCLE_RESERVE = 0.1;

  private final double perSecond;
  private final long refillNanos;
  private final int maxBuckets;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> users = new HashMap<>();
  private final Bucket server;
  private final Bucket processes;
  private final double processesPerSecond;

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }

    /** Refills up to {@code capacity}, then takes a token when more than {@code keep} would be left. */
    boolean take(long now, double capacity, long refillNanos, double keep) {
      tokens = Math.min(capacity, tokens + (now - updated) * capacity / refillNanos);
      updated = now;
      if (tokens < 1 + keep) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  PublishLimiter(int perSecond, int maxBuckets, LongSupplier nanoClock) {
    this(perSecond, perSecond, maxBuckets, nanoClock);
  }

  PublishLimiter(int perSecond, int processesPerSecond, int maxBuckets, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.processesPerSecond = processesPerSecond;
    this.refillNanos = 1_000_000_000L;
    this.maxBuckets = maxBuckets;
    this.nanoClock = nanoClock;
    this.server = new Bucket(perSecond, nanoClock.getAsLong());
    this.processes = new Bucket(processesPerSecond, nanoClock.getAsLong());
  }

  /** Takes a token for the user (null: a server-side publisher); false when there is none left. */
  boolean tryAcquire(String user) {
    return tryAcquire(user, null, null);
  }

  /**
   * Takes a token for a publish of {@code type} into {@code room} by the user (null: a server-side publisher); false
   * when there is none left.
   */
  boolean tryAcquire(String user, String room, String type) {
    long now = nanoClock.getAsLong();
    if (user == null && room != null && RoomNames.isProcessOwned(room)) {
      double keep = ProcessEventTypes.OUTPUT.equals(type) ? processesPerSecond * LIFECYCLE_RESERVE : 0;
      return processes.take(now, processesPerSecond, refillNanos, keep);
    }
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
    return bucket.take(now, perSecond, refillNanos, 0);
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
