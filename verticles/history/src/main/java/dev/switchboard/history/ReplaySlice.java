package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.Utf8;
import dev.switchboard.shared.events.ReplayReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a replay found in one room's log: the envelopes (JSON text, ascending offsets) and the reply fields of
 * {@code sb.history.replay}. {@link DataSerializable}: the Hazelcast store computes it on the partition owner.
 */
final class ReplaySlice implements DataSerializable {

  private String room;
  private List<String> events;
  private long offset;
  private String epoch;
  private boolean recovered;
  private boolean more;

  /** For Hazelcast's deserialization. */
  public ReplaySlice() {
  }

  ReplaySlice(String room, List<String> events, long offset, String epoch, boolean recovered, boolean more) {
    this.room = room;
    this.events = events;
    this.offset = offset;
    this.epoch = epoch;
    this.recovered = recovered;
    this.more = more;
  }

  String room() {
    return room;
  }

  List<String> events() {
    return events;
  }

  long offset() {
    return offset;
  }

  String epoch() {
    return epoch;
  }

  boolean recovered() {
    return recovered;
  }

  boolean more() {
    return more;
  }

  /**
   * This slice cut so that its events take at most {@code maxBytes} (UTF-8), {@code more: true} when cut; the first
   * event is always kept, so a client paging on always progresses. The events kept are the oldest of the slice: the
   * client asks again from the last one.
   */
  ReplaySlice cappedTo(long maxBytes) {
    long bytes = 0;
    for (int i = 0; i < events.size(); i++) {
      bytes += Utf8.length(events.get(i));
      if (bytes > maxBytes && i > 0) {
        return new ReplaySlice(room, List.copyOf(events.subList(0, i)), offset, epoch, recovered, true);
      }
    }
    return this;
  }

  /** The reply body; each envelope is parsed here, once. */
  JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(events.size()));
    for (String event : events) {
      array.add(new JsonObject(event));
    }
    return new ReplayReply(room, array, offset, epoch, recovered, more).toJson();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(room);
    out.writeInt(events.size());
    for (String event : events) {
      out.writeString(event);
    }
    out.writeLong(offset);
    out.writeString(epoch);
    out.writeBoolean(recovered);
    out.writeBoolean(more);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    room = in.readString();
    int n = in.readInt();
    events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(in.readString());
    }
    offset = in.readLong();
    epoch = in.readString();
    recovered = in.readBoolean();
    more = in.readBoolean();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReplaySlice that && offset == that.offset && recovered == that.recovered && more == that.more
        && Objects.equals(room, that.room) && Objects.equals(events, that.events) && Objects.equals(epoch, that.epoch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(room, events, offset, epoch, recovered, more);
  }

  @Override
  public String toString() {
    return "ReplaySlice[room=" + room + ", events=" + events.size() + ", offset=" + offset + ", epoch=" + epoch
        + ", recovered=" + recovered + ", more=" + more + "]";
  }
}
