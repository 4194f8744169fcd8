package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code broadcaster.*}: publishes per second per publisher, the largest event {@code data} in bytes, and the room
 * kinds whose rooms get {@code presence.join} / {@code presence.leave} events (presence itself is tracked in every room).
 */
public record BroadcasterConfig(int publishPerSecond, int maxEventBytes, Set<String> presenceEvents) {

  static BroadcasterConfig read(ConfigReader config) {
    List<String> kinds = config.strings("broadcaster.presenceEvents", Pattern.compile(".*"), "room kinds");
    for (int i = 0; i < kinds.size(); i++) {
      if (!HistoryConfig.ROOM_KINDS.contains(kinds.get(i))) {
        throw new ConfigException("broadcaster.presenceEvents[" + i + "]", kinds.get(i),
            "a room kind: one of " + String.join(", ", HistoryConfig.ROOM_KINDS));
      }
    }
    return new BroadcasterConfig(config.positive("broadcaster.publishPerSecond"),
        (int) config.integer("broadcaster.maxEventBytes", 16, 16L * 1024 * 1024), Set.copyOf(kinds));
  }
}
