package dev.switchboard.shared.presence;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.Map;

/**
 * Sets how many sockets of a user one member has in a room (0 removes them), on the room's partition owner (one at a
 * time per room, so each first-in and last-out is seen exactly once; the backup runs it too). Absolute rather than a
 * difference, so that a member can assert its sockets again after the cluster regrouped, whatever the entry held.
 * Answers +1 (the user entered the room: it had no socket there, cluster-wide), -1 (left it) or 0.
 */
final class PresenceSet implements EntryProcessor<String, PresenceRoom, Integer> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String user;
  private final String memberId;
  private final int sockets;

  PresenceSet(String user, String memberId, int sockets) {
    this.user = user;
    this.memberId = memberId;
    this.sockets = sockets;
  }

  @Override
  public Integer process(Map.Entry<String, PresenceRoom> entry) {
    PresenceRoom room = entry.getValue() == null ? new PresenceRoom() : entry.getValue();
    int transition = room.change(user, memberId, sockets - room.sockets(user, memberId));
    entry.setValue(room.isEmpty() ? null : room);
    return transition;
  }
}
