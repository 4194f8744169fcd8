package dev.switchboard.history;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.config.HistoryConfig.Retention;

import java.io.IOException;
import java.util.Map;

/**
 * Appends one event to a room's log on the partition that owns the room: Hazelcast runs the entry processors of one
 * key one at a time on the owner's partition thread, so offsets are assigned by one owner at a time. The same
 * processor then runs on the backup replica (the default backup processor is the processor itself); everything it
 * depends on — time, the epoch for a new log — travels in its fields, so the backup reaches the same state.
 * {@link DataSerializable}: it travels to the owner and the backup on every append, its fields written as they are
 * (Java serialization cost several times more in bytes and time). {@code mayCreate} says whether the store has room
 * for one more room ({@code history.maxRooms}, as the sender counts them): if not, an append into a room that has no
 * log is refused and writes nothing.
 */
final class AppendProcessor implements EntryProcessor<String, RoomLog, AppendOutcome>, DataSerializable {

  private String id;
  private String envelope;
  private long nowMillis;
  private int size;
  private long ttlSeconds;
  private String epochIfNew;
  private boolean mayCreate;

  /** For Hazelcast's deserialization. */
  public AppendProcessor() {
  }

  AppendProcessor(String id, String envelope, long nowMillis, Retention retention, String epochIfNew, boolean mayCreate) {
    this.id = id;
    this.envelope = envelope;
    this.nowMillis = nowMillis;
    this.size = retention.size();
    this.ttlSeconds = retention.ttlSeconds();
    this.epochIfNew = epochIfNew;
    this.mayCreate = mayCreate;
  }

  @Override
  public AppendOutcome process(Map.Entry<String, RoomLog> entry) {
    boolean create = entry.getValue() == null;
    if (create && !mayCreate) {
      return AppendOutcome.refusedNewRoom();
    }
    RoomLog log = create ? new RoomLog(epochIfNew) : entry.getValue();
    AppendOutcome outcome = AppendOutcome.of(log.append(id, envelope, nowMillis, new Retention(size, ttlSeconds)), create);
    entry.setValue(log);
    return outcome;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(envelope);
    out.writeLong(nowMillis);
    out.writeInt(size);
    out.writeLong(ttlSeconds);
    out.writeString(epochIfNew);
    out.writeBoolean(mayCreate);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    envelope = in.readString();
    nowMillis = in.readLong();
    size = in.readInt();
    ttlSeconds = in.readLong();
    epochIfNew = in.readString();
    mayCreate = in.readBoolean();
  }
}
