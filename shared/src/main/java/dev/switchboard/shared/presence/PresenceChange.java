package dev.switchboard.shared.presence;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.Map;

/**
 * One socket of a user entering (+1) or leaving (-1) a room on one member, applied on the partition owner of the
 * room (one at a time per room, so each first-in and last-out is seen exactly once); the backup runs it too.
 * Answers +1 (the user entered the room), -1 (left it) or 0.
 */
final class PresenceChange implements EntryProcessor<String, PresenceRoom, Integer> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String user;
  private final String memberId;
  private final int delta;

  PresenceChange(String user, String memberId, int delta) {
    this.user = user;
    this.memberId = memberId;
    this.delta = delta;
  }

  @Override
  public Integer process(Map.Entry<String, PresenceRoom> entry) {
    PresenceRoom room = entry.getValue() == null ? new PresenceRoom() : entry.getValue();
    if (delta < 0 && entry.getValue() == null) {
      return 0;
    }
    int transition = room.change(user, memberId, delta);
    entry.setValue(room.isEmpty() ? null : room);
    return transition;
  }
}
