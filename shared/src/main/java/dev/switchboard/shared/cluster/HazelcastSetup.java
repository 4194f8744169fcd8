package dev.switchboard.shared.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The Hazelcast configuration of a node: {@code cluster.xml} (from {@code conf/}, built into the jar), then
 * {@code cluster.*} from config. Tests build their clusters with it too.
 */
public final class HazelcastSetup {

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
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(cluster.memberAddresses());
    return config;
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
