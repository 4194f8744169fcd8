package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cluster.*}: the Hazelcast cluster this node joins. Members are {@code host:port} or
 * {@code host:port-port}; a node is alone when no member but its own address is listed. {@code minimumMembers}: how
 * many members (itself included) a node must hear from to read or write the cluster's shared state — a node cut off
 * with fewer (a pause, the smaller side of a partition) answers 503 instead of taking writes a merge would drop.
 * {@code tls}: the event bus's mutual TLS ({@link ClusterTls}), or null when the bus is plain TCP. {@code discovery}: how
 * the other members are found ({@link ClusterDiscovery}): the static {@code members} list, multicast or Kubernetes DNS.
 */
public record ClusterConfig(String name, String host, int port, List<String> members, int minimumMembers,
                            ClusterTls tls, ClusterDiscovery discovery) {

  /** At most this many members may be required ({@code cluster.minimumMembers}). */
  public static final int MAX_MINIMUM_MEMBERS = 100;

  /** A cluster that needs no more than the node itself (the default). */
  public ClusterConfig(String name, String host, int port, List<String> members) {
    this(name, host, port, members, 1);
  }

  /** A cluster whose event bus is plain TCP. */
  public ClusterConfig(String name, String host, int port, List<String> members, int minimumMembers) {
    this(name, host, port, members, minimumMembers, null);
  }

  /** A cluster whose members are found through {@code members} (the static list). */
  public ClusterConfig(String name, String host, int port, List<String> members, int minimumMembers, ClusterTls tls) {
    this(name, host, port, members, minimumMembers, tls, ClusterDiscovery.STATIC_LIST);
  }

  private static final Pattern MEMBER = Pattern.compile("([A-Za-z0-9_.-]{1,255}):(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  private static final int MAX_RANGE = 100;

  static ClusterConfig read(ConfigReader config) {
    String name = config.string("cluster.name", ConfigReader.NAME, "1 to 64 of [A-Za-z0-9_.-]");
    String host = config.string("cluster.host", HOST, "a host name or IP address");
    int port = config.port("cluster.port");
    List<String> members = config.strings("cluster.members", Pattern.compile(".*"), "host:port or host:port-port");
    for (int i = 0; i < members.size(); i++) {
      expand("cluster.members[" + i + "]", members.get(i));
    }
    int minimumMembers = (int) config.integer("cluster.minimumMembers", 1, MAX_MINIMUM_MEMBERS);
    return new ClusterConfig(name, host, port, members, minimumMembers, ClusterTls.read(config),
        ClusterDiscovery.read(config));
  }

  /** Every member address, ranges written out one port at a time. */
  public List<String> memberAddresses() {
    List<String> addresses = new ArrayList<>();
    for (String member : members) {
      addresses.addAll(expand("cluster.members", member));
    }
    return addresses;
  }

  /** True when members are found through the static list and no member other than this node's own address is listed. */
  public boolean alone() {
    if (!ClusterDiscovery.STATIC.equals(discovery.mode())) {
      return false;
    }
    String self = host + ":" + port;
    return memberAddresses().stream().allMatch(self::equals);
  }

  private static List<String> expand(String key, String member) {
    Matcher m = MEMBER.matcher(member);
    if (!m.matches()) {
      throw new ConfigException(key, member, "host:port or host:port-port");
    }
    int first = Integer.parseInt(m.group(2));
    int last = m.group(3) == null ? first : Integer.parseInt(m.group(3));
    if (first < 1 || last > 65535 || last < first || last - first >= MAX_RANGE) {
      throw new ConfigException(key, member, "ports from 1 to 65535, a range low-high of at most " + MAX_RANGE);
    }
    List<String> addresses = new ArrayList<>();
    for (int p = first; p <= last; p++) {
      addresses.add(m.group(1) + ":" + p);
    }
    return addresses;
  }
}
