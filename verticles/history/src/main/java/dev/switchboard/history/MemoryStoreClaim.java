package dev.switchboard.history;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one history node on the {@code memory} store, claimed in the Hazelcast map {@code sb.history.meta} (key
 * {@code memory-store} → member id). A claim by a member that is no longer in the cluster is taken over; after the
 * cluster regrouped (a split healed) the node claims again, under its member id now.
 */
final class MemoryStoreClaim {

  static final String KEY = "memory-store";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> meta;

  MemoryStoreClaim(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.meta = hazelcast.getMap(HazelcastHistoryStore.META_MAP);
  }

  /** Fails when a live member already runs history on the memory store. */
  Future<Void> claim() {
    return vertx.executeBlocking(() -> {
      String memberId = memberId();
      while (true) {
        String holder = meta.putIfAbsent(KEY, memberId);
        if (holder == null || holder.equals(memberId)) {
          return null;
        }
        if (liveMembers().contains(holder)) {
          throw new IllegalStateException("another member of the cluster already runs history on the memory store"
              + " [member: " + holder + "]; the memory store is for a single history node: use history.store"
              + " \"hazelcast\" (or redis, postgres) on every history node, or give only one node the history role");
        }
        if (meta.replace(KEY, holder, memberId)) {
          return null;
        }
      }
    });
  }

  Future<Void> release() {
    return vertx.executeBlocking(() -> {
      meta.remove(KEY, memberId());
      return null;
    });
  }

  private String memberId() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  private Set<String> liveMembers() {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }
}
