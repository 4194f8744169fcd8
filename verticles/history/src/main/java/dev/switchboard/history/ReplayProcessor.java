package dev.switchboard.history;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.ReplayRequest;

import java.io.IOException;
import java.util.Map;

/**
 * Reads a replay slice on the partition owner: only the asked events travel back, not the room's whole log.
 * {@link DataSerializable}, as its answer {@link ReplaySlice} is.
 */
final class ReplayProcessor implements EntryProcessor<String, RoomLog, ReplaySlice>, ReadOnly, DataSerializable {

  private Long since;
  private String epoch;
  private int limit;
  private long nowMillis;
  private int size;
  private long ttlSeconds;
  private String storeEpoch;

  /** For Hazelcast's deserialization. */
  public ReplayProcessor() {
  }

  ReplayProcessor(ReplayRequest request, long nowMillis, Retention retention, String storeEpoch) {
    this.since = request.since();
    this.epoch = request.epoch();
    this.limit = request.limit();
    this.nowMillis = nowMillis;
    this.size = retention.size();
    this.ttlSeconds = retention.ttlSeconds();
    this.storeEpoch = storeEpoch;
  }

  @Override
  public ReplaySlice process(Map.Entry<String, RoomLog> entry) {
    ReplayRequest request = new ReplayRequest(entry.getKey(), since, epoch, limit);
    RoomLog log = entry.getValue();
    return log == null ? RoomLog.empty(entry.getKey(), request, storeEpoch)
        : log.read(entry.getKey(), request, nowMillis, new Retention(size, ttlSeconds));
  }

  @Override
  public EntryProcessor<String, RoomLog, ReplaySlice> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeBoolean(since != null);
    if (since != null) {
      out.writeLong(since);
    }
    out.writeString(epoch);
    out.writeInt(limit);
    out.writeLong(nowMillis);
    out.writeInt(size);
    out.writeLong(ttlSeconds);
    out.writeString(storeEpoch);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    since = in.readBoolean() ? in.readLong() : null;
    epoch = in.readString();
    limit = in.readInt();
    nowMillis = in.readLong();
    size = in.readInt();
    ttlSeconds = in.readLong();
    storeEpoch = in.readString();
  }
}
