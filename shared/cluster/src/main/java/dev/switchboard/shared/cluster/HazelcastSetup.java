package dev.switchboard.shared.cluster;

import dev.switchboard.shared.MapNames;
import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterDiscovery;
import dev.switchboard.shared.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The Hazelcast configuration of a node: {@code cluster.xml} (from {@code conf/}, built into the jar), then
 * {@code cluster.*} from config: the cluster name, the port and interface, and how the other members are found
 * ({@code cluster.discovery}: the static {@code cluster.members} list, multicast, or Kubernetes DNS). Tests build their
 * clusters with it too.
 *
 * <p>With {@code cluster.minimumMembers} above 1, Switchboard's own maps ({@code sb.*}: member and room directories,
 * presence, processes, history) are under a split-brain protection: a member reads and writes them only while its
 * cluster has that many members (itself included). A member that was cut off — whose view is stale, and whose writes
 * the merge back would drop — gets 503s instead, from the moment it knows it was dropped; a member frozen with requests
 * queued may still serve them in the instant it wakes up, before it knows.
 */
public final class HazelcastSetup {

  /** The split-brain protection of Switchboard's maps (when {@code cluster.minimumMembers} is above 1). */
  public static final String PROTECTION = "sb-minimum-members";
  /**
   * Switchboard's maps that cluster.xml (or the defaults) configure — by name, never by a pattern such as {@code sb.*}:
   * Hazelcast looks a map's configuration up in the static configuration, patterns included, before the configurations
   * added at run time, so a static {@code sb.*} would hide the run-time configuration of {@code sb.history}
   * ({@code OBJECT} format, its merge policy) and {@code sb.presence}. The others are configured where they are used,
   * under the protection through {@link #protect}. {@code sb.processes} is the process monitor's registry.
   */
  static final List<String> STATIC_MAPS = List.of(MapNames.MEMBERS, MapNames.ROOMS, MapNames.PROCESSES);

  static {
    // before any Hazelcast class logs: through SLF4J, like everything else
    System.setProperty("hazelcast.logging.type", "slf4j");
  }

  private HazelcastSetup() {
  }

  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = new ClasspathXmlConfig("cluster.xml");
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(ipOf(cluster.host())));
    join(network.getJoin(), cluster);
    if (cluster.minimumMembers() > 1) {
      config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(PROTECTION, true, cluster.minimumMembers()));
      STATIC_MAPS.forEach(map -> config.getMapConfig(map).setSplitBrainProtectionName(PROTECTION));
    }
    return config;
  }

  /**
   * How the member finds the others ({@code cluster.discovery.mode}): the static list, multicast, or Kubernetes in DNS
   * lookup mode (a headless service's name; Hazelcast core, no API access).
   */
  private static void join(JoinConfig join, ClusterConfig cluster) {
    ClusterDiscovery discovery = cluster.discovery();
    join.getTcpIpConfig().setEnabled(ClusterDiscovery.STATIC.equals(discovery.mode()));
    join.getMulticastConfig().setEnabled(ClusterDiscovery.MULTICAST.equals(discovery.mode()));
    join.getKubernetesConfig().setEnabled(ClusterDiscovery.KUBERNETES.equals(discovery.mode()));
    switch (discovery.mode()) {
      case ClusterDiscovery.MULTICAST -> join.getMulticastConfig().setMulticastGroup(discovery.multicastGroup())
          .setMulticastPort(discovery.multicastPort())
          // on a loopback-only host (tests, one machine) the datagrams must come back to the sender's host
          .setLoopbackModeEnabled(isLoopback(cluster.host()));
      case ClusterDiscovery.KUBERNETES -> join.getKubernetesConfig()
          .setProperty("service-dns", discovery.kubernetesServiceDns())
          .setProperty("service-dns-timeout", String.valueOf(discovery.kubernetesDnsTimeoutSeconds()))
          .setProperty("service-port", String.valueOf(cluster.port()));
      default -> join.getTcpIpConfig().setMembers(cluster.memberAddresses());
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * A map configuration added at run time (the same on every member) under the split-brain protection, when this
   * member's configuration has it; returns {@code map}.
   */
  public static MapConfig protect(HazelcastInstance hazelcast, MapConfig map) {
    if (hazelcast.getConfig().getSplitBrainProtectionConfigs().containsKey(PROTECTION)) {
      map.setSplitBrainProtectionName(PROTECTION);
    }
    return map;
  }

  /** Whether this member hears from enough members to use Switchboard's maps (always, without the protection). */
  public static boolean enoughMembers(HazelcastInstance hazelcast) {
    SplitBrainProtection protection = hazelcast.getConfig().getSplitBrainProtectionConfigs().containsKey(PROTECTION)
        ? hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(PROTECTION) : null;
    return protection == null || protection.hasMinimumSize();
  }

  /** Hazelcast's interface list wants an IP address. */
  public static String ipOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("cluster.host", host, "a host name that resolves, or an IP address");
    }
  }
}
