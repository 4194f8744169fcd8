package dev.switchboard.history;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.ReplayRequest;

import java.io.Serial;
import java.util.Map;

/** Reads a replay slice on the partition owner: only the asked events travel back, not the room's whole log. */
final class ReplayProcessor implements EntryProcessor<String, RoomLog, ReplaySlice>, ReadOnly {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Long since;
  private final String epoch;
  private final int limit;
  private final long nowMillis;
  private final int size;
  private final long ttlSeconds;
  private final String storeEpoch;

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
}
