package dev.switchboard.shared.presence;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in one room, cluster-wide: user → (member id → sockets of that user registered on the room on that
 * member). The value of one entry of the Hazelcast map {@code sb.presence}; changed only by entry processors.
 */
public final class PresenceRoom implements DataSerializable {

  private final Map<String, Map<String, Integer>> users = new HashMap<>();

  /** Adds {@code delta} sockets of a user on a member; answers +1 when the user entered the room, -1 when they left, else 0. */
  int change(String user, String memberId, int delta) {
    Map<String, Integer> byMember = users.computeIfAbsent(user, u -> new HashMap<>());
    int before = total(byMember);
    byMember.merge(memberId, delta, Integer::sum);
    if (byMember.get(memberId) <= 0) {
      byMember.remove(memberId);
    }
    int after = total(byMember);
    if (byMember.isEmpty()) {
      users.remove(user);
    }
    return before == 0 && after > 0 ? 1 : before > 0 && after == 0 ? -1 : 0;
  }

  /** The sockets of a user on one member. */
  int sockets(String user, String memberId) {
    Map<String, Integer> byMember = users.get(user);
    return byMember == null ? 0 : byMember.getOrDefault(memberId, 0);
  }

  /** Removes a member's sockets; answers the users that are no longer in the room. */
  List<String> removeMember(String memberId) {
    List<String> gone = new ArrayList<>();
    users.entrySet().removeIf(entry -> {
      if (entry.getValue().remove(memberId) != null && entry.getValue().isEmpty()) {
        gone.add(entry.getKey());
        return true;
      }
      return false;
    });
    return gone;
  }

  boolean isEmpty() {
    return users.isEmpty();
  }

  /** User → sockets across the cluster, sorted by user. */
  public Map<String, Integer> connections() {
    Map<String, Integer> result = new TreeMap<>();
    users.forEach((user, byMember) -> result.put(user, total(byMember)));
    return result;
  }

  private static int total(Map<String, Integer> byMember) {
    int sum = 0;
    for (int n : byMember.values()) {
      sum += n;
    }
    return sum;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(users.size());
    for (Map.Entry<String, Map<String, Integer>> user : users.entrySet()) {
      out.writeString(user.getKey());
      out.writeInt(user.getValue().size());
      for (Map.Entry<String, Integer> member : user.getValue().entrySet()) {
        out.writeString(member.getKey());
        out.writeInt(member.getValue());
      }
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    users.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String user = in.readString();
      int m = in.readInt();
      Map<String, Integer> byMember = new HashMap<>();
      for (int j = 0; j < m; j++) {
        byMember.put(in.readString(), in.readInt());
      }
      users.put(user, byMember);
    }
  }
}
