package dev.switchboard.shared.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** The Hazelcast instance behind a clustered Vert.x (Switchboard's own maps live there: MapNames). */
public final class ClusterAccess {

  private ClusterAccess() {
  }

  public static HazelcastInstance hazelcast(Vertx vertx) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (manager instanceof HazelcastClusterManager hazelcast) {
      return hazelcast.getHazelcastInstance();
    }
    throw new IllegalStateException("Switchboard needs a Vert.x clustered with Hazelcast, found "
        + (manager == null ? "no cluster manager" : manager.getClass().getName()));
  }

  /**
   * This member's Hazelcast id. It changes when the member is merged back after a split (see {@link ClusterRegroup});
   * the Vert.x node id is another one, and stays.
   */
  public static String localMemberId(Vertx vertx) {
    return hazelcast(vertx).getCluster().getLocalMember().getUuid().toString();
  }
}
