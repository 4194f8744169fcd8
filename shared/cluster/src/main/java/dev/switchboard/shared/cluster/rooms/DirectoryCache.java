package dev.switchboard.shared.cluster.rooms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the directory entries it read lately, so that a busy room costs one directory read per
 * {@link #MAX_AGE_MS}, not one per event. An entry goes as soon as the directory says it changed ({@link #invalidate},
 * from a Hazelcast entry listener, or from this node's own change once written); {@link #MAX_AGE_MS} bounds how long a
 * change whose notice was lost (a member dying mid-change) can go unseen.
 *
 * <p>A read that was under way while anything changed is not kept: it may hold the value from before the change, and
 * the change's notice may already have passed. Thread-safe: read on event loops, invalidated on Hazelcast's threads.
 */
final class DirectoryCache {

  static final long MAX_AGE_MS = 10_000;

  private record Entry(List<String> nodes, long readAtMs) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  /** The nodes of {@code room} as read at most {@link #MAX_AGE_MS} ago, or null. */
  List<String> get(String room, long nowMs) {
    Entry entry = entries.get(room);
    return entry != null && nowMs - entry.readAtMs() < MAX_AGE_MS ? entry.nodes() : null;
  }

  /** What a read must remember when it starts: see {@link #put}. */
  long version() {
    return changes.get();
  }

  /** Keeps what a read that started at {@code version} found, unless anything changed since it started. */
  void put(String room, List<String> nodes, long readAtMs, long version) {
    if (changes.get() != version) {
      return;
    }
    Entry entry = new Entry(nodes, readAtMs);
    entries.put(room, entry);
    if (changes.get() != version) {
      // a change came between the check and the put; its invalidation may have run before the put
      entries.remove(room, entry);
    }
  }

  void invalidate(String room) {
    changes.incrementAndGet();
    entries.remove(room);
  }

  void clear() {
    changes.incrementAndGet();
    entries.clear();
  }

  /** Drops the entries older than {@link #MAX_AGE_MS}: the cache holds the rooms delivered to lately, no more. */
  void sweep(long nowMs) {
    entries.values().removeIf(entry -> nowMs - entry.readAtMs() >= MAX_AGE_MS);
  }

  int size() {
    return entries.size();
  }
}
