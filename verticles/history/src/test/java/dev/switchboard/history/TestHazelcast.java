package dev.switchboard.history;

import dev.switchboard.testkit.LoopbackPorts;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.UUID;

/** Plain Hazelcast members on loopback for store tests: a random cluster name, fast joins, no phoning home. */
final class TestHazelcast {

  private TestHazelcast() {
  }

  static String clusterName() {
    return "sb-history-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static HazelcastInstance member(String cluster, int port, List<Integer> memberPorts) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config config = new Config().setClusterName(cluster);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    network.getJoin().getMulticastConfig().setEnabled(false);
    network.getJoin().getAutoDetectionConfig().setEnabled(false);
    network.getJoin().getTcpIpConfig().setEnabled(true)
        .setMembers(memberPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    return Hazelcast.newHazelcastInstance(config);
  }

}
