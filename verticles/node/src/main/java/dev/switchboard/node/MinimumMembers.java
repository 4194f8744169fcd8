package dev.switchboard.node;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.HazelcastSetup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A starting node with {@code cluster.minimumMembers} above 1 waits, before it registers anything in the cluster's
 * maps, until it hears from that many members (itself included): below that, the maps answer no one (see
 * {@link HazelcastSetup}). It says every {@link #REPORT_MS} what it waits for.
 */
final class MinimumMembers {

  static final long POLL_MS = 200;
  static final long REPORT_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(MinimumMembers.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final int minimum;
  private long reportedAt;

  MinimumMembers(Vertx vertx, int minimum) {
    this.vertx = vertx;
    this.hazelcast = ClusterAccess.hazelcast(vertx);
    this.minimum = minimum;
  }

  Future<Void> await() {
    if (HazelcastSetup.enoughMembers(hazelcast)) {
      return Future.succeededFuture();
    }
    Promise<Void> enough = Promise.promise();
    long began = System.currentTimeMillis();
    reportedAt = began;
    vertx.setPeriodic(POLL_MS, timer -> {
      if (HazelcastSetup.enoughMembers(hazelcast)) {
        vertx.cancelTimer(timer);
        LOG.info("enough cluster members [minimumMembers: {}, members: {}, waited ms: {}]", minimum,
            hazelcast.getCluster().getMembers().size(), System.currentTimeMillis() - began);
        enough.complete();
      } else if (System.currentTimeMillis() - reportedAt >= REPORT_MS) {
        reportedAt = System.currentTimeMillis();
        LOG.info("waiting for cluster members [minimumMembers: {}, members: {}]", minimum, hazelcast.getCluster().getMembers().size());
      }
    });
    return enough.future();
  }
}
