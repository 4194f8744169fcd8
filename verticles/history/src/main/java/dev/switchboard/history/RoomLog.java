package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.ReplayRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's log: its epoch, the last offset it gave out, and the retained events (a ring, oldest first) with an
 * index of their ids for idempotent appends. The one place where offsets are assigned and retention applied; the
 * memory store keeps these in a map on its event loop, the Hazelcast store keeps them in an {@code IMap} and runs
 * these methods inside entry processors on the partition owner.
 *
 * <p>Every method takes the time from its caller, so that running the same call on a Hazelcast backup replica
 * gives the same result as on the owner. A log whose events have all expired keeps its epoch and last offset (a
 * few dozen bytes): offsets are never reused within an epoch.
 */
final class RoomLog implements DataSerializable {

  private String epoch;
  private long lastOffset;
  private Entry[] ring;
  private int head;
  private int count;
  private Map<String, Long> ids;

  private record Entry(long offset, long appendedMillis, String id, String text) {
  }

  /** For Hazelcast's deserialization. */
  public RoomLog() {
  }

  RoomLog(String epoch) {
    this.epoch = epoch;
  }

  String epoch() {
    return epoch;
  }

  long lastOffset() {
    return lastOffset;
  }

  int size() {
    return count;
  }

  /** Appends unless an event with this id is retained; trims by size and age. */
  AppendReply append(String id, String envelope, long nowMillis, Retention retention) {
    trim(nowMillis, retention);
    Long existing = ids == null ? null : ids.get(id);
    if (existing != null) {
      return new AppendReply(id, existing, epoch, true);
    }
    long offset = ++lastOffset;
    add(new Entry(offset, nowMillis, id, Envelope.withOffset(envelope, offset, epoch)), retention.size());
    return new AppendReply(id, offset, epoch, false);
  }

  /** Drops events older than the retention's age; true when something was dropped. */
  boolean trim(long nowMillis, Retention retention) {
    long cutoff = nowMillis - retention.ttlSeconds() * 1000;
    boolean dropped = false;
    while (count > 0 && ring[head].appendedMillis() < cutoff) {
      removeOldest();
      dropped = true;
    }
    return dropped;
  }

  /** The replay reply for this log, without changing it (expired events are skipped, not removed). */
  ReplaySlice read(String room, ReplayRequest request, long nowMillis, Retention retention) {
    long cutoff = nowMillis - retention.ttlSeconds() * 1000;
    int first = 0;
    while (first < count && at(first).appendedMillis() < cutoff) {
      first++;
    }
    long oldestKept = first < count ? at(first).offset() : lastOffset + 1;
    ReplayWindow window = ReplayWindow.of(request, lastOffset, oldestKept, ReplayWindow.epochMatches(request, epoch));
    List<String> events = new ArrayList<>(window.size());
    if (!window.isEmpty()) {
      int start = (int) (window.from() - at(0).offset());
      for (int i = start; i < start + window.size(); i++) {
        events.add(at(i).text());
      }
    }
    return new ReplaySlice(room, events, lastOffset, epoch, window.recovered(), window.more());
  }

  /** The reply for a room that has no log: offset 0 in the store's current epoch. */
  static ReplaySlice empty(String room, ReplayRequest request, String storeEpoch) {
    ReplayWindow window = ReplayWindow.of(request, 0, 1, ReplayWindow.epochMatches(request, storeEpoch));
    return new ReplaySlice(room, List.of(), 0, storeEpoch, window.recovered(), window.more());
  }

  private Entry at(int index) {
    return ring[(head + index) % ring.length];
  }

  private void add(Entry entry, int maxSize) {
    while (count >= maxSize) {
      removeOldest();
    }
    if (ring == null || count == ring.length) {
      grow(maxSize);
    }
    ring[(head + count) % ring.length] = entry;
    count++;
    if (ids == null) {
      ids = new HashMap<>();
    }
    ids.put(entry.id(), entry.offset());
  }

  private void removeOldest() {
    Entry oldest = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    count--;
    ids.remove(oldest.id());
    if (count == 0) {
      ring = null;
      ids = null;
      head = 0;
    }
  }

  private void grow(int maxSize) {
    int capacity = ring == null ? Math.min(maxSize, 16) : Math.min(maxSize, ring.length * 2);
    Entry[] bigger = new Entry[Math.max(capacity, count + 1)];
    for (int i = 0; i < count; i++) {
      bigger[i] = at(i);
    }
    ring = bigger;
    head = 0;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(epoch);
    out.writeLong(lastOffset);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      Entry entry = at(i);
      out.writeLong(entry.offset());
      out.writeLong(entry.appendedMillis());
      out.writeString(entry.id());
      out.writeString(entry.text());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readString();
    lastOffset = in.readLong();
    int n = in.readInt();
    ring = null;
    ids = null;
    head = 0;
    count = 0;
    if (n > 0) {
      ring = new Entry[n];
      ids = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        Entry entry = new Entry(in.readLong(), in.readLong(), in.readString(), in.readString());
        ring[i] = entry;
        ids.put(entry.id(), entry.offset());
      }
      count = n;
    }
  }
}
