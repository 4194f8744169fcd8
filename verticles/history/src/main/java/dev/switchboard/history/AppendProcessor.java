package dev.switchboard.history;

import com.hazelcast.map.EntryProcessor;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;

import java.io.Serial;
import java.util.Map;

/**
 * Appends one event to a room's log on the partition that owns the room: Hazelcast runs the entry processors of one
 * key one at a time on the owner's partition thread, so offsets are assigned by one owner at a time. The same
 * processor then runs on the backup replica (the default backup processor is the processor itself); everything it
 * depends on — time, the epoch for a new log — travels in its fields, so the backup reaches the same state.
 */
final class AppendProcessor implements EntryProcessor<String, RoomLog, AppendReply> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String id;
  private final String envelope;
  private final long nowMillis;
  private final int size;
  private final long ttlSeconds;
  private final String epochIfNew;

  AppendProcessor(String id, String envelope, long nowMillis, Retention retention, String epochIfNew) {
    this.id = id;
    this.envelope = envelope;
    this.nowMillis = nowMillis;
    this.size = retention.size();
    this.ttlSeconds = retention.ttlSeconds();
    this.epochIfNew = epochIfNew;
  }

  @Override
  public AppendReply process(Map.Entry<String, RoomLog> entry) {
    RoomLog log = entry.getValue() == null ? new RoomLog(epochIfNew) : entry.getValue();
    AppendReply reply = log.append(id, envelope, nowMillis, new Retention(size, ttlSeconds));
    entry.setValue(log);
    return reply;
  }
}
