package dev.switchboard.shared.presence;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removes the sockets of a member that left the cluster from a room; answers the users no longer in it (or null). */
final class PresenceMemberGone implements EntryProcessor<String, PresenceRoom, ArrayList<String>> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String memberId;

  PresenceMemberGone(String memberId) {
    this.memberId = memberId;
  }

  @Override
  public ArrayList<String> process(Map.Entry<String, PresenceRoom> entry) {
    PresenceRoom room = entry.getValue();
    if (room == null) {
      return null;
    }
    List<String> gone = room.removeMember(memberId);
    entry.setValue(room.isEmpty() ? null : room);
    return gone.isEmpty() ? null : new ArrayList<>(gone);
  }
}
