package dev.switchboard.shared.cluster;

import dev.switchboard.shared.MapNames;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The cluster-wide list of nodes with their roles: a Hazelcast map {@code sb.members}, node name → member.
 * A node adds itself when it starts and removes itself when it stops; when a member leaves without doing
 * so, the oldest member removes its entry. Reads show live members only, whatever the map still holds.
 */
public final class MemberDirectory {

  public static final String MAP_NAME = MapNames.MEMBERS;
  private static final Logger LOG = LoggerFactory.getLogger(MemberDirectory.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;

  public MemberDirectory(Vertx vertx) {
    this.vertx = vertx;
    this.hazelcast = ClusterAccess.hazelcast(vertx);
    this.map = hazelcast.getMap(MAP_NAME);
  }

  /** Adds this node; fails when a live member already goes by the same name. */
  public Future<Void> join(MemberInfo self) {
    return vertx.executeBlocking(() -> {
      String previous = map.putIfAbsent(self.name(), self.toJson().encode());
      if (previous != null) {
        MemberInfo holder = MemberInfo.fromJson(new JsonObject(previous));
        if (!holder.memberId().equals(self.memberId()) && liveMemberIds().contains(holder.memberId())) {
          throw new IllegalStateException("node name \"" + self.name() + "\" is taken by a live member of the cluster;"
              + " give each node its own name (node.name or --node-name)");
        }
        map.put(self.name(), self.toJson().encode());
      }
      return null;
    });
  }

  /** Puts this node's entry (again), under its member id now: after the cluster regrouped (see {@link ClusterRegroup}). */
  public Future<Void> reassert(MemberInfo self) {
    return vertx.executeBlocking(() -> {
      map.put(self.name(), self.toJson().encode());
      return null;
    });
  }

  public Future<Void> leave(String name) {
    return vertx.executeBlocking(() -> {
      map.delete(name);
      return null;
    });
  }

  /** The live members, by name. */
  public Future<List<MemberInfo>> members() {
    return vertx.executeBlocking(() -> {
      Set<String> live = liveMemberIds();
      return map.values().stream()
          .map(json -> MemberInfo.fromJson(new JsonObject(json)))
          .filter(member -> live.contains(member.memberId()))
          .sorted(Comparator.comparing(MemberInfo::name))
          .toList();
    });
  }

  /**
   * Starts removing the entries of members that leave, on whichever member is the oldest at the time, and
   * tells {@code onNodeGone} the name of each node removed (to clear what else it held).
   */
  public UUID watchDepartures(Consumer<String> onNodeGone) {
    return hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster member joined [member: {}, members: {}]", event.getMember().getAddress(), event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.info("cluster member left [member: {}, members: {}]", event.getMember().getAddress(), event.getMembers().size());
        if (isOldest()) {
          String gone = event.getMember().getUuid().toString();
          vertx.executeBlocking(() -> removeEntriesOf(gone))
              .onSuccess(names -> names.forEach(onNodeGone))
              .onFailure(e -> LOG.warn("could not clear departed member [member: {}]: {}", gone, e.toString()));
        }
      }
    });
  }

  public void stopWatching(UUID registration) {
    hazelcast.getCluster().removeMembershipListener(registration);
  }

  private List<String> removeEntriesOf(String memberId) {
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (MemberInfo.fromJson(new JsonObject(entry.getValue())).memberId().equals(memberId)
          && map.remove(entry.getKey(), entry.getValue())) {
        removed.add(entry.getKey());
        LOG.info("member directory: removed departed node [node: {}]", entry.getKey());
      }
    }
    return removed;
  }

  private boolean isOldest() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }

  private Set<String> liveMemberIds() {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }
}
