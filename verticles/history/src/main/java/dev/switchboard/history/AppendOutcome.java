package dev.switchboard.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.events.AppendReply;

import java.io.IOException;

/** What an {@link AppendProcessor} sends back from the partition owner: an {@link AppendReply} without the id. */
final class AppendOutcome implements DataSerializable {

  private long offset;
  private String epoch;
  private boolean duplicate;

  /** For Hazelcast's deserialization. */
  public AppendOutcome() {
  }

  private AppendOutcome(long offset, String epoch, boolean duplicate) {
    this.offset = offset;
    this.epoch = epoch;
    this.duplicate = duplicate;
  }

  static AppendOutcome of(AppendReply reply) {
    return new AppendOutcome(reply.offset(), reply.epoch(), reply.duplicate());
  }

  AppendReply reply(String id) {
    return new AppendReply(id, offset, epoch, duplicate);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(offset);
    out.writeString(epoch);
    out.writeBoolean(duplicate);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    offset = in.readLong();
    epoch = in.readString();
    duplicate = in.readBoolean();
  }
}
