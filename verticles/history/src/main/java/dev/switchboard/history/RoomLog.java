package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.ReplayRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One room's log: its epoch, the last offset it gave out, and the retained events ({@link EventRing}, oldest first,
 * packed as bytes) with an index of their ids ({@link IdIndex}) for idempotent appends. The one place where offsets are assigned and retention applied; the
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
  private EventRing events = new EventRing();
  private IdIndex ids = new IdIndex();

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
    return events.count();
  }

  /** Appends unless an event with this id is retained; trims by size and age. */
  AppendReply append(String id, String envelope, long nowMillis, Retention retention) {
    trim(nowMillis, retention);
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    long hash = IdIndex.hash(idBytes, 0, idBytes.length);
    long existing = ids.find(hash, offset -> events.hasId(indexOf(offset), idBytes));
    if (existing >= 0) {
      return new AppendReply(id, existing, epoch, true);
    }
    while (events.count() >= retention.size()) {
      removeOldest();
    }
    long offset = ++lastOffset;
    events.add(idBytes, Envelope.withOffset(envelope, offset, epoch), nowMillis, retention.size());
    ids.put(hash, offset);
    return new AppendReply(id, offset, epoch, false);
  }

  /** Drops events older than the retention's age; true when something was dropped. */
  boolean trim(long nowMillis, Retention retention) {
    long cutoff = nowMillis - retention.ttlSeconds() * 1000;
    boolean dropped = false;
    while (events.count() > 0 && events.appendedMillis(0) < cutoff) {
      removeOldest();
      dropped = true;
    }
    return dropped;
  }

  /** The replay reply for this log, without changing it (expired events are skipped, not removed). */
  ReplaySlice read(String room, ReplayRequest request, long nowMillis, Retention retention) {
    long cutoff = nowMillis - retention.ttlSeconds() * 1000;
    int count = events.count();
    int first = 0;
    while (first < count && events.appendedMillis(first) < cutoff) {
      first++;
    }
    long oldestKept = first < count ? offsetOf(first) : lastOffset + 1;
    ReplayWindow window = ReplayWindow.of(request, lastOffset, oldestKept, ReplayWindow.epochMatches(request, epoch));
    List<String> texts = new ArrayList<>(window.size());
    if (!window.isEmpty()) {
      int start = indexOf(window.from());
      for (int i = start; i < start + window.size(); i++) {
        texts.add(events.text(i));
      }
    }
    return new ReplaySlice(room, texts, lastOffset, epoch, window.recovered(), window.more());
  }

  /** The reply for a room that has no log: offset 0 in the store's current epoch. */
  static ReplaySlice empty(String room, ReplayRequest request, String storeEpoch) {
    ReplayWindow window = ReplayWindow.of(request, 0, 1, ReplayWindow.epochMatches(request, storeEpoch));
    return new ReplaySlice(room, List.of(), 0, storeEpoch, window.recovered(), window.more());
  }

  /** Retained offsets are contiguous: the oldest is {@code lastOffset - count + 1}. */
  private long offsetOf(int index) {
    return lastOffset - events.count() + 1 + index;
  }

  private int indexOf(long offset) {
    return (int) (offset - (lastOffset - events.count() + 1));
  }

  private void removeOldest() {
    ids.remove(events.idHash(0), offsetOf(0));
    events.removeOldest();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(epoch);
    out.writeLong(lastOffset);
    int count = events.count();
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeLong(offsetOf(i));
      out.writeLong(events.appendedMillis(i));
      out.writeString(events.id(i));
      out.writeString(events.text(i));
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readString();
    lastOffset = in.readLong();
    int n = in.readInt();
    events = new EventRing();
    ids = new IdIndex();
    for (int i = 0; i < n; i++) {
      long offset = in.readLong();
      long appendedMillis = in.readLong();
      String id = in.readString();
      String text = in.readString();
      if (offset != lastOffset - n + 1 + i) {
        throw new IOException("room log offsets are not contiguous: " + offset + " at " + i + " of " + n
            + " ending at " + lastOffset);
      }
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      events.add(idBytes, text, appendedMillis, n);
      ids.put(IdIndex.hash(idBytes, 0, idBytes.length), offset);
    }
  }
}
