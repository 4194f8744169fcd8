package dev.switchboard.sim;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.NodeEngineImpl;
import com.hazelcast.spi.impl.eventservice.impl.EventServiceImpl;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ClusterConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One simulated node: a real Hazelcast member under a clustered Vert.x, configured as a node is
 * ({@link HazelcastSetup#hazelcastConfig}, so {@code conf/cluster.xml}: the same maps, backups and partition count) with
 * only what lets many members share one JVM on two cores changed (see {@link #SHARED_JVM}). None of those changes the
 * number of operations, events or messages an action costs: they size thread pools and stretch failure detection.
 */
final class SimMember {

  /**
   * Hazelcast properties for many members in one JVM: small thread pools, and failure detection that survives a
   * starved CPU — a member is dropped when its connections close (a killed member's do at once), or after a minute
   * without a heartbeat (once, at 2 members, Hazelcast kept a killed member past its closed connections for minutes:
   * the timeout is the backstop). The periodic background work (heartbeats, partition-table pushes, backup
   * anti-entropy) is made rare so that it barely shows in the counts; what is left of it is measured while idle and
   * subtracted ({@link Scenario}).
   */
  static final List<String[]> SHARED_JVM = List.of(
      new String[] {"hazelcast.operation.thread.count", "2"},
      new String[] {"hazelcast.operation.generic.thread.count", "1"},
      new String[] {"hazelcast.event.thread.count", "1"},
      new String[] {"hazelcast.io.thread.count", "1"},
      new String[] {"hazelcast.heartbeat.interval.seconds", "30"},
      new String[] {"hazelcast.max.no.heartbeat.seconds", "60"},
      new String[] {"hazelcast.partition.table.send.interval", "300"},
      new String[] {"hazelcast.partition.backup.sync.interval", "600"},
      new String[] {"hazelcast.merge.first.run.delay.seconds", "600"},
      new String[] {"hazelcast.merge.next.run.delay.seconds", "600"},
      new String[] {"hazelcast.metrics.enabled", "false"});

  private final String name;
  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final BusCounting bus;
  private volatile boolean killed;

  private SimMember(String name, Vertx vertx, BusCounting bus) {
    this.name = name;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.hazelcast = ClusterAccess.hazelcast(vertx);
    this.bus = bus;
  }

  /** Starts a member of {@code clusterName}, joining through {@code seedPort} (its own port for the first one). */
  static Future<SimMember> start(String clusterName, String name, int port, int seedPort) {
    ClusterConfig cluster = new ClusterConfig(clusterName, "127.0.0.1", port, List.of("127.0.0.1:" + seedPort));
    Config config = HazelcastSetup.hazelcastConfig(cluster);
    SHARED_JVM.forEach(property -> config.setProperty(property[0], property[1]));
    BusCounting bus = new BusCounting();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2)
        .setBlockedThreadCheckInterval(1).setBlockedThreadCheckIntervalUnit(TimeUnit.HOURS)
        .setMetricsOptions(new MetricsOptions().setEnabled(true));
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setClusterPingInterval(60_000);
    return Vertx.builder().with(options).withMetrics(bus).withClusterManager(new HazelcastClusterManager(config))
        .buildClustered()
        .map(vertx -> new SimMember(name, vertx, bus));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  Vertx vertx() {
    return vertx;
  }

  HazelcastInstance hazelcast() {
    return hazelcast;
  }

  boolean killed() {
    return killed;
  }

  /** Runs {@code action} on this member's event loop, as a node's verticle would. */
  <T> Future<T> on(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  /** This member's running totals. */
  MemberCounters counters() {
    if (killed) {
      return MemberCounters.ZERO;
    }
    NodeEngineImpl engine = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getNodeEngine();
    long events = ((EventServiceImpl) engine.getEventService()).getEventExecutor().processedCount();
    return new MemberCounters(engine.getOperationService().getExecutedOperationCount(), events, bus.messagesWritten(),
        bus.bytesWritten());
  }

  /** Members this member sees (itself included). */
  int clusterSize() {
    return killed ? 0 : hazelcast.getCluster().getMembers().size();
  }

  boolean clusterSafe() {
    return hazelcast.getPartitionService().isClusterSafe();
  }

  /** Ends the member the way a crash does: its Hazelcast member stops at once, telling no one. */
  void kill() {
    killed = true;
    hazelcast.getLifecycleService().terminate();
  }

  Future<Void> close() {
    return vertx.close().otherwiseEmpty();
  }
}
