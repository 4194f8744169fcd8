package dev.switchboard.shared.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterDiscovery;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Three members on loopback that list no one find each other by multicast (cluster.discovery.mode multicast). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MulticastDiscoveryIT {

  private final List<HazelcastInstance> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(member -> member.getLifecycleService().terminate());
  }

  @Test
  @DisplayName("three members listing only themselves form one cluster through multicast on loopback")
  void membersFindEachOther() throws Exception {
    String name = "sb-multicast-" + UUID.randomUUID().toString().substring(0, 8);
    // a group and port of this run's own, so that a run beside it cannot join
    int groupPort = LoopbackPorts.free();
    ClusterDiscovery multicast = new ClusterDiscovery(ClusterDiscovery.MULTICAST, "239.255.42.99", groupPort, null, 5);
    for (int i = 0; i < 3; i++) {
      int port = LoopbackPorts.free();
      members.add(Hazelcast.newHazelcastInstance(HazelcastSetup.hazelcastConfig(
          new ClusterConfig(name, "127.0.0.1", port, List.of("127.0.0.1:" + port), 1, null, multicast))));
    }
    Poll.until("3 members in each member's view", Duration.ofSeconds(60), () -> members.stream()
        .allMatch(member -> member.getCluster().getMembers().size() == 3));
    assertThat(members.get(2).getCluster().getMembers()).hasSize(3);
  }
}
