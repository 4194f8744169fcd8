package dev.switchboard.shared.rooms;

import com.hazelcast.map.IMap;
import dev.switchboard.shared.cluster.ClusterAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.Set;

/**
 * The cluster-wide room directory (DESIGN.md, "Room routing"): Hazelcast map {@code sb.rooms}, room → the
 * nodes holding local subscribers of it. Written by entry processors on the owning partition, read with
 * one asynchronous get on the owning partition per delivery (no near cache, see {@code conf/cluster.xml}).
 */
public final class RoomDirectory {

  public static final String MAP_NAME = "sb.rooms";

  private final Vertx vertx;
  private final IMap<String, String> map;

  public RoomDirectory(Vertx vertx) {
    this.vertx = vertx;
    this.map = ClusterAccess.hazelcast(vertx).getMap(MAP_NAME);
  }

  /** The nodes listed for a room (empty when none). */
  public Future<List<String>> nodesOf(String room) {
    return async(() -> map.getAsync(room))
        .map(value -> value == null ? List.of() : List.copyOf(RoomMembership.parse(value)));
  }

  public Future<Void> add(Set<String> rooms, String node) {
    return apply(rooms, new RoomMembership(node, true));
  }

  public Future<Void> remove(Set<String> rooms, String node) {
    return apply(rooms, new RoomMembership(node, false));
  }

  /** Removes a node from every entry, each partition on its own owner; for a node that left the cluster. */
  public Future<Void> removeNode(String node) {
    return vertx.executeBlocking(() -> {
      map.executeOnEntries(new RoomMembership(node, false));
      return null;
    });
  }

  /** How many rooms list a node (a full scan: for tests and diagnostics, never on a hot path). */
  public Future<Integer> countRoomsOf(String node) {
    return vertx.executeBlocking(() -> (int) map.values().stream()
        .filter(value -> RoomMembership.parse(value).contains(node)).count());
  }

  private Future<Void> apply(Set<String> rooms, RoomMembership change) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture();
    }
    return async(() -> map.submitToKeys(rooms, change)).mapEmpty();
  }

  /**
   * A Hazelcast call as a future. Hazelcast may throw instead of failing its stage (e.g. while a member leaves):
   * that becomes a failed future too, so no caller's chain is broken by it.
   */
  private <T> Future<T> async(Supplier<CompletionStage<T>> call) {
    try {
      return Future.fromCompletionStage(call.get(), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
