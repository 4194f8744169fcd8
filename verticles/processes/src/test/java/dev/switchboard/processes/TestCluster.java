package dev.switchboard.processes;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Clustered Vert.x instances for tests: loopback only, tcp-ip join, a random cluster name, joins in under a second. */
final class TestCluster {

  static {
    System.setProperty("hazelcast.logging.type", "slf4j");
  }

  private final String name = "sb-test-" + UUID.randomUUID();
  private final List<Integer> ports;

  TestCluster(int members) {
    this.ports = java.util.stream.IntStream.range(0, members).mapToObj(i -> freePort()).toList();
  }

  /** Starts member {@code index} (0-based) of the cluster. */
  Vertx member(int index) {
    Config config = new Config().setClusterName(name);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(ports.get(index)).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    try {
      return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config))
          .buildClustered().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cluster member did not start", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
