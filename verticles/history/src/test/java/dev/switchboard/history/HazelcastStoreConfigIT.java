package dev.switchboard.history;

import dev.switchboard.testkit.LoopbackPorts;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ClusterConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hazelcast store's maps get the configuration the store gives them on a node's Hazelcast, with and without
 * {@code cluster.minimumMembers}: a static pattern configuration once hid it (logs kept serialized, every append
 * deserializing and serializing the room's whole log, and the default merge policy instead of the longest log).
 */
class HazelcastStoreConfigIT {

  @ParameterizedTest(name = "cluster.minimumMembers {0}")
  @ValueSource(ints = {1, 2})
  @DisplayName("sb.history: OBJECT format, no JSON metadata, LongestLogMergePolicy, one sync backup; protected when required")
  void effectiveConfig(int minimumMembers) {
    int port = LoopbackPorts.free();
    ClusterConfig cluster = new ClusterConfig(TestHazelcast.clusterName(), "127.0.0.1", port, List.of("127.0.0.1:" + port),
        minimumMembers);
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.hazelcastConfig(cluster));
    try {
      HazelcastHistoryStore.configure(hazelcast);
      MapConfig logs = hazelcast.getConfig().findMapConfig(HazelcastHistoryStore.MAP_NAME);
      assertThat(logs.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
      assertThat(logs.getMetadataPolicy()).isEqualTo(MetadataPolicy.OFF);
      assertThat(logs.getMergePolicyConfig().getPolicy()).isEqualTo(LongestLogMergePolicy.class.getName());
      assertThat(logs.getBackupCount()).isEqualTo(1);
      assertThat(logs.getSplitBrainProtectionName()).isEqualTo(minimumMembers > 1 ? HazelcastSetup.PROTECTION : null);
      assertThat(hazelcast.getConfig().findMapConfig(HazelcastHistoryStore.META_MAP).getSplitBrainProtectionName())
          .isEqualTo(minimumMembers > 1 ? HazelcastSetup.PROTECTION : null);
      MapConfig processes = hazelcast.getConfig().findMapConfig("sb.processes");
      assertThat(processes.getSplitBrainProtectionName()).isEqualTo(minimumMembers > 1 ? HazelcastSetup.PROTECTION : null);
    } finally {
      hazelcast.shutdown();
    }
  }
}
