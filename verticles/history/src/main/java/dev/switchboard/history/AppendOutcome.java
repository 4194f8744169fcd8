package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.events.AppendReply;

import java.io.IOException;

/**
 * What an {@link AppendProcessor} sends back from the partition owner: an {@link AppendReply} without the id, whether
 * the append made the room, or that it was refused because it would have made a room past {@code history.maxRooms}.
 */
final class AppendOutcome implements DataSerializable {

  private long offset;
  private String epoch;
  private boolean duplicate;
  private boolean created;
  private boolean refused;

  /** For Hazelcast's deserialization. */
  public AppendOutcome() {
  }

  private AppendOutcome(long offset, String epoch, boolean duplicate, boolean created, boolean refused) {
    this.offset = offset;
    this.epoch = epoch;
    this.duplicate = duplicate;
    this.created = created;
    this.refused = refused;
  }

  static AppendOutcome of(AppendReply reply, boolean created) {
    return new AppendOutcome(reply.offset(), reply.epoch(), reply.duplicate(), created, false);
  }

  /** The room did not exist and the store was full: nothing was written. */
  static AppendOutcome refusedNewRoom() {
    return new AppendOutcome(0, "", false, false, true);
  }

  boolean created() {
    return created;
  }

  boolean refused() {
    return refused;
  }

  AppendReply reply(String id) {
    return new AppendReply(id, offset, epoch, duplicate);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(offset);
    out.writeString(epoch);
    out.writeBoolean(duplicate);
    out.writeBoolean(created);
    out.writeBoolean(refused);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    offset = in.readLong();
    epoch = in.readString();
    duplicate = in.readBoolean();
    created = in.readBoolean();
    refused = in.readBoolean();
  }
}
