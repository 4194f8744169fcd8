package dev.switchboard.processes;

import dev.switchboard.testkit.LoopbackPorts;
import com.hazelcast.config.Config;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ClusterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Clustered Vert.x instances for tests: loopback only, tcp-ip join, a random cluster name, joins in under a second. */
final class TestCluster {

  private final String name = "sb-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports;

  TestCluster(int members) {
    this.ports = java.util.stream.IntStream.range(0, members).mapToObj(i -> LoopbackPorts.free()).toList();
  }

  /** Starts member {@code index} (0-based) of the cluster, configured as a node configures its own (conf/cluster.xml). */
  Vertx member(int index) {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig(name, "127.0.0.1", ports.get(index),
        ports.stream().map(p -> "127.0.0.1:" + p).toList()));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    try {
      return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config))
          .buildClustered().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cluster member did not start", e);
    }
  }

}
