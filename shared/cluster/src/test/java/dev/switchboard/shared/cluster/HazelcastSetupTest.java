package dev.switchboard.shared.cluster;

import com.hazelcast.config.Config;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterDiscovery;
import dev.switchboard.shared.cluster.rooms.RoomDirectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastSetupTest {

  @Test
  @DisplayName("cluster.minimumMembers above 1 puts Switchboard's statically configured maps under a split-brain"
      + " protection of that size, by name, with no pattern")
  void protection() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701,
        List.of("127.0.0.1:5701-5703"), 2));
    assertThat(config.getSplitBrainProtectionConfig(HazelcastSetup.PROTECTION).getMinimumClusterSize()).isEqualTo(2);
    for (String map : List.of(MemberDirectory.MAP_NAME, RoomDirectory.MAP_NAME, "sb.processes")) {
      assertThat(config.getMapConfig(map).getSplitBrainProtectionName()).as(map).isEqualTo(HazelcastSetup.PROTECTION);
    }
    // the maps configured at run time (presence, history) get it there: a static pattern would hide their configs
    assertThat(config.getMapConfigs().keySet()).noneMatch(name -> name.contains("*"));
    assertThat(config.getMapConfig("__vertx.subs").getSplitBrainProtectionName()).isNull();
  }

  @Test
  @DisplayName("by default (cluster.minimumMembers 1) nothing is protected, and merges are looked for every 5 s")
  void defaults() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701")));
    assertThat(config.getSplitBrainProtectionConfigs()).isEmpty();
    assertThat(config.getMapConfig(RoomDirectory.MAP_NAME).getSplitBrainProtectionName()).isNull();
    assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("5");
  }

  @Test
  @DisplayName("Hazelcast's own metrics collection is off (the node's /metrics is Switchboard's; collecting Hazelcast's"
      + " every 5 s was most of an idle node's background CPU)")
  void noHazelcastMetrics() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701")));
    assertThat(config.getMetricsConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("the member listens on cluster.host's interface only, never on all interfaces")
  void boundToClusterHost() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701")));
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
  }

  @Test
  @DisplayName("cluster.discovery.mode static (the default) joins through the member list only")
  void staticDiscovery() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701-5702")));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("cluster.discovery.mode multicast joins through the configured group and port, not the member list")
  void multicastDiscovery() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701"),
        1, null, new ClusterDiscovery(ClusterDiscovery.MULTICAST, "239.1.2.3", 54400, null, 5)));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().getMulticastGroup()).isEqualTo("239.1.2.3");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().getMulticastPort()).isEqualTo(54400);
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().getLoopbackModeEnabled()).isTrue();
  }

  @Test
  @DisplayName("cluster.discovery.mode kubernetes looks the members up as the addresses of a headless service's DNS name")
  void kubernetesDiscovery() {
    Config config = HazelcastSetup.hazelcastConfig(new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701"),
        1, null, new ClusterDiscovery(ClusterDiscovery.KUBERNETES, "224.2.2.3", 54327,
        "switchboard-hz.default.svc.cluster.local", 10)));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().getProperties())
        .containsEntry("service-dns", "switchboard-hz.default.svc.cluster.local")
        .containsEntry("service-dns-timeout", "10")
        .containsEntry("service-port", "5701");
  }
}
