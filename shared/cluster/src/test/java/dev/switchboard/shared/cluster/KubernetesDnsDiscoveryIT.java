package dev.switchboard.shared.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterDiscovery;
import dev.switchboard.testkit.LoopbackPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cluster.discovery.mode kubernetes outside Kubernetes: Hazelcast takes the configuration (its property names are
 * checked at start) and runs its DNS lookup mode against a name that resolves here, {@code localhost}, finding only
 * itself. Two members cannot be shown here: DNS lookup mode gives every member the same port, and loopback offers
 * one address per name. The Kubernetes example is in docs/operations.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesDnsDiscoveryIT {

  private HazelcastInstance member;

  @AfterEach
  void stop() {
    if (member != null) {
      member.getLifecycleService().terminate();
    }
  }

  @Test
  @DisplayName("a member in Kubernetes DNS lookup mode starts, looks its service name up and forms its own cluster")
  void startsInDnsLookupMode() {
    int port = LoopbackPorts.free();
    member = Hazelcast.newHazelcastInstance(HazelcastSetup.hazelcastConfig(new ClusterConfig(
        "sb-k8s-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", port, List.of("127.0.0.1:" + port), 1,
        null, new ClusterDiscovery(ClusterDiscovery.KUBERNETES, "224.2.2.3", 54327, "localhost", 3))));
    assertThat(member.getLifecycleService().isRunning()).isTrue();
    assertThat(member.getConfig().getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
    assertThat(member.getCluster().getMembers()).hasSize(1);
  }
}
