package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code cluster.discovery.*}: how a node finds the other members. {@code static} (the default): the addresses in
 * {@code cluster.members}. {@code multicast}: Hazelcast's multicast join on {@code multicastGroup}:{@code multicastPort}
 * (a LAN that carries multicast; not most clouds). {@code kubernetes}: Hazelcast's Kubernetes discovery in DNS lookup
 * mode — the members are the addresses a headless service's name resolves to ({@code kubernetesServiceDns}, looked up
 * for at most {@code kubernetesDnsTimeoutSeconds}); no API access or RBAC needed.
 */
public record ClusterDiscovery(String mode, String multicastGroup, int multicastPort, String kubernetesServiceDns,
                               int kubernetesDnsTimeoutSeconds) {

  public static final String STATIC = "static";
  public static final String MULTICAST = "multicast";
  public static final String KUBERNETES = "kubernetes";
  public static final List<String> MODES = List.of(STATIC, MULTICAST, KUBERNETES);

  /** The default: the static member list. */
  public static final ClusterDiscovery STATIC_LIST = new ClusterDiscovery(STATIC, "224.2.2.3", 54327, null, 5);

  private static final Pattern MULTICAST_GROUP = Pattern.compile(
      "2(2[4-9]|3[0-9])\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\."
          + "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
  private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
      + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

  static ClusterDiscovery read(ConfigReader config) {
    String mode = config.oneOf("cluster.discovery.mode", MODES);
    String group = config.string("cluster.discovery.multicastGroup", MULTICAST_GROUP,
        "an IPv4 multicast address, 224.0.0.0 to 239.255.255.255");
    int port = config.port("cluster.discovery.multicastPort");
    String dns = config.optionalString("cluster.discovery.kubernetesServiceDns");
    if (dns != null && !DNS_NAME.matcher(dns).matches()) {
      throw new ConfigException("cluster.discovery.kubernetesServiceDns", dns,
          "a DNS name such as switchboard-hz.default.svc.cluster.local");
    }
    if (KUBERNETES.equals(mode) && dns == null) {
      throw new ConfigException("cluster.discovery.kubernetesServiceDns", null,
          "the DNS name of the headless service of the nodes, with cluster.discovery.mode kubernetes");
    }
    int timeout = (int) config.integer("cluster.discovery.kubernetesDnsTimeoutSeconds", 1, 300);
    return new ClusterDiscovery(mode, group, port, dns, timeout);
  }
}
