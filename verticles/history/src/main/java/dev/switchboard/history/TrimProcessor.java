package dev.switchboard.history;

import com.hazelcast.map.EntryProcessor;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.rooms.RoomNames;

import java.io.Serial;
import java.util.HashMap;
import java.util.Map;

/** Drops the expired events of the rooms it runs on (the sweep of idle rooms), on each partition's owner. */
final class TrimProcessor implements EntryProcessor<String, RoomLog, Void> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final long nowMillis;
  private final long defaultTtlSeconds;
  private final HashMap<String, Long> ttlSecondsByKind;

  TrimProcessor(long nowMillis, long defaultTtlSeconds, Map<String, Long> ttlSecondsByKind) {
    this.nowMillis = nowMillis;
    this.defaultTtlSeconds = defaultTtlSeconds;
    this.ttlSecondsByKind = new HashMap<>(ttlSecondsByKind);
  }

  @Override
  public Void process(Map.Entry<String, RoomLog> entry) {
    RoomLog log = entry.getValue();
    long ttl = ttlSecondsByKind.getOrDefault(RoomNames.kind(entry.getKey()), defaultTtlSeconds);
    if (log != null && log.trim(nowMillis, new Retention(Integer.MAX_VALUE, ttl))) {
      entry.setValue(log);
    }
    return null;
  }
}
