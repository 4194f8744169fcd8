package dev.switchboard.shared.cluster.rooms;

import dev.switchboard.shared.MapNames;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.HazelcastFutures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The cluster-wide room directory (docs/architecture.md, "Room routing"): Hazelcast map {@code sb.rooms}, room → the
 * nodes holding local subscribers of it. Written by entry processors on the owning partition. Read through this
 * node's {@link DirectoryCache}: a room's entry is read from its owning partition at most every
 * {@link DirectoryCache#MAX_AGE_MS} and again as soon as it changes — an entry listener (keys only) tells every node of
 * each change, this node's own changes count once written, and a member that joins or leaves empties the cache.
 * Hazelcast's own near cache is not used: its invalidations come in batches, seconds late, and a near-cached entry
 * outlives a dead member's clean-up (see {@code conf/cluster.xml}).
 */
public final class RoomDirectory {

  public static final String MAP_NAME = MapNames.ROOMS;
  private static final Logger LOG = LoggerFactory.getLogger(RoomDirectory.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private final DirectoryCache cache = new DirectoryCache();
  private UUID changesListener;
  private UUID membersListener;
  private long sweeper = -1;

  private RoomDirectory(Vertx vertx) {
    this.vertx = vertx;
    this.hazelcast = ClusterAccess.hazelcast(vertx);
    this.map = hazelcast.getMap(MAP_NAME);
  }

  /** The directory, once this node hears of its changes and of members joining and leaving. */
  static Future<RoomDirectory> open(Vertx vertx) {
    RoomDirectory directory = new RoomDirectory(vertx);
    return vertx.executeBlocking(() -> directory.map.addEntryListener(new Changes(directory.cache), false))
        .map(listener -> {
          directory.changesListener = listener;
          directory.membersListener = directory.hazelcast.getCluster().addMembershipListener(new Members(directory.cache));
          directory.sweeper = vertx.setPeriodic(DirectoryCache.MAX_AGE_MS, t -> directory.cache.sweep(nowMs()));
          return directory;
        });
  }

  /** The nodes listed for a room (empty when none), as this node's cache has them. */
  public Future<List<String>> nodesOf(String room) {
    List<String> cached = cache.get(room, nowMs());
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long version = cache.version();
    long readAt = nowMs();
    return async(() -> map.getAsync(room)).map(value -> {
      List<String> nodes = value == null ? List.of() : List.copyOf(RoomMembership.parse(value));
      cache.put(room, nodes, readAt, version);
      return nodes;
    });
  }

  public Future<Void> add(Set<String> rooms, String node) {
    return apply(rooms, new RoomMembership(node, true));
  }

  public Future<Void> remove(Set<String> rooms, String node) {
    return apply(rooms, new RoomMembership(node, false));
  }

  /** Removes a node from every entry, each partition on its own owner; for a node that left the cluster. */
  public Future<Void> removeNode(String node) {
    return vertx.<Void>executeBlocking(() -> {
      map.executeOnEntries(new RoomMembership(node, false));
      return null;
    }).andThen(done -> cache.clear());
  }

  /** Stops hearing of changes; the cache is no longer kept. */
  Future<Void> close() {
    vertx.cancelTimer(sweeper);
    cache.clear();
    return vertx.executeBlocking(() -> {
      if (changesListener != null) {
        map.removeEntryListener(changesListener);
      }
      if (membersListener != null) {
        hazelcast.getCluster().removeMembershipListener(membersListener);
      }
      return null;
    }).<Void>mapEmpty().recover(e -> {
      LOG.debug("room directory listeners not removed (the cluster is gone): {}", e.toString());
      return Future.succeededFuture();
    });
  }

  /** How many rooms list a node (a full scan: for tests and diagnostics, never on a hot path). */
  public Future<Integer> countRoomsOf(String node) {
    return vertx.executeBlocking(() -> (int) map.values().stream()
        .filter(value -> RoomMembership.parse(value).contains(node)).count());
  }

  /** Changes the entries; once written (or failed, maybe half-written), this node's cache no longer has them. */
  private Future<Void> apply(Set<String> rooms, RoomMembership change) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture();
    }
    return async(() -> map.submitToKeys(rooms, change)).<Void>mapEmpty().andThen(done -> rooms.forEach(cache::invalidate));
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  /** The directory's change notices (keys only): the changed room leaves the cache. */
  private record Changes(DirectoryCache cache) implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryRemovedListener<String, String>, MapClearedListener {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      cache.invalidate(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      cache.invalidate(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      cache.invalidate(event.getKey());
    }

    @Override
    public void mapCleared(MapEvent event) {
      cache.clear();
    }
  }

  /** A member joined or left: notices of changes may have been lost with it, so nothing cached is trusted. */
  private record Members(DirectoryCache cache) implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      cache.clear();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      cache.clear();
    }
  }

  /** A Hazelcast call as a future on the caller's context (a throw is a failed future: see {@link HazelcastFutures}). */
  private <T> Future<T> async(Supplier<CompletionStage<T>> call) {
    return HazelcastFutures.call(vertx.getOrCreateContext(), call);
  }
}
