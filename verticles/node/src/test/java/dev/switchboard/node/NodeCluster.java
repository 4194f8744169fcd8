package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Node JVMs of one cluster, started from a copy of the fat jar: one config file for all of them (written to the test's
 * directory), names {@code n1 … nN}, a free cluster port each, every member listed. Each process is killed at close,
 * and the nodes' logs are kept in {@code target/fault-logs/<label>/}.
 */
final class NodeCluster implements AutoCloseable {

  private final Path dir;
  private final String label;
  private final Path jar;
  private final Path conf;
  private final List<Integer> clusterPorts;
  private final NodeProcess[] nodes;

  private NodeCluster(Path dir, String label, Path jar, Path conf, List<Integer> clusterPorts) {
    this.dir = dir;
    this.label = label;
    this.jar = jar;
    this.conf = conf;
    this.clusterPorts = clusterPorts;
    this.nodes = new NodeProcess[clusterPorts.size()];
  }

  /** A cluster of {@code size} nodes on {@code config} (its {@code cluster} section is filled in here); none started. */
  static NodeCluster of(Path dir, String label, int size, JsonObject config) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(LoopbackPorts.free());
    }
    JsonObject cluster = new JsonObject().put("name", TestClusters.clusterName()).put("host", "127.0.0.1")
        .put("members", new JsonArray(ports.stream().map(p -> "127.0.0.1:" + p).toList()));
    JsonObject full = config.copy().mergeIn(new JsonObject().put("cluster", cluster), true);
    Path conf = Files.writeString(dir.resolve("switchboard.json"), full.encodePrettily());
    return new NodeCluster(dir, label, NodeProcess.copyJar(dir), conf, ports);
  }

  /**
   * What the fault tests' nodes share: the test key, rules that let test clients publish into and read project
   * rooms and use the process and presence services, limits that a load generator does not hit, {@code sleep}
   * allowed, and history on {@code store}.
   */
  static JsonObject faultConfig(String store) {
    JsonArray inbound = new JsonArray().add(rule("room.project:*")).add(rule("sb.processes.*"))
        .add(rule("sb.presence.get")).add(rule("sb.history.replay"));
    return new JsonObject()
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", TestClusters.SECRET)))
        .put("permissions", new JsonObject().put("inbound", inbound).put("outbound", new JsonArray().add(rule("room.project:*"))))
        .put("bridge", new JsonObject().put("inboundPerSecond", 5000).put("inboundBurst", 10_000))
        .put("broadcaster", new JsonObject().put("publishPerSecond", 100_000))
        .put("history", new JsonObject().put("store", store).put("size", 10_000))
        .put("processes", new JsonObject().put("commands", new JsonObject()
            .put("sleep", new JsonObject().put("path", "/bin/sleep").put("args", new JsonArray().add("[0-9]{1,3}")))));
  }

  private static JsonObject rule(String address) {
    return new JsonObject().put("address", address);
  }

  /** Starts node {@code index} (0-based, named {@code n<index+1>}) with the given roles, e.g. {@code "bridge,broadcaster"}. */
  NodeProcess start(int index, String roles) throws IOException {
    return start(index, roles, Map.of());
  }

  /** Starts node {@code index} with the given roles and environment variables (e.g. {@code SWITCHBOARD_*} config). */
  NodeProcess start(int index, String roles, Map<String, String> env) throws IOException {
    nodes[index] = NodeProcess.start(jar, dir, "n" + (index + 1), List.of("--conf", conf.toString(),
        "--cluster-port", String.valueOf(clusterPorts.get(index)), "--roles", roles), env);
    return nodes[index];
  }

  /** Starts node {@code index} again, same name and ports, after its process ended. */
  NodeProcess restart(int index) throws IOException {
    nodes[index] = nodes[index].restart();
    return nodes[index];
  }

  /** Starts every node of the cluster with {@code roles} and waits (2 minutes at most) until all list each other. */
  void startAll(String roles) throws IOException, InterruptedException {
    for (int i = 0; i < nodes.length; i++) {
      start(i, roles);
    }
    awaitMembers(Duration.ofSeconds(120), nodes());
  }

  NodeProcess node(int index) {
    return Objects.requireNonNull(nodes[index], "node " + index + " was not started");
  }

  /** The started nodes, in index order. */
  List<NodeProcess> nodes() {
    return Arrays.stream(nodes).filter(Objects::nonNull).toList();
  }

  /** The bridge ports of the started nodes, in index order. */
  List<Integer> httpPorts() {
    return nodes().stream().map(n -> n.httpPort).toList();
  }

  /** Waits until every given node is ready and lists exactly the given nodes as members; dumps their logs if not. */
  void awaitMembers(Duration timeout, List<NodeProcess> members) throws InterruptedException {
    List<String> names = members.stream().map(n -> n.name).sorted().toList();
    try {
      for (NodeProcess node : members) {
        Poll.until("/ready of " + node.name, timeout, node::ready);
        Poll.until(names + " on " + node.name, timeout,
            () -> TestClusters.membersSeenBy(node.managementPort).stream().map(m -> m.substring(0, m.indexOf('='))).toList()
                .equals(names));
      }
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
  }

  /** The logs of every node, for a failure message. */
  String logs() {
    StringBuilder text = new StringBuilder();
    for (NodeProcess node : nodes()) {
      text.append("\n--- log of ").append(node.name).append(" ---\n").append(tail(node.output(), 20_000));
    }
    return text.toString();
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes()) {
      node.close();
    }
    keepLogs();
  }

  private void keepLogs() {
    Path kept = Path.of("target", "fault-logs", label);
    try {
      Files.createDirectories(kept);
      for (NodeProcess node : nodes()) {
        Files.writeString(kept.resolve(node.name + ".log"), node.output());
        Path gc = NodeProcess.gcLog(dir, node.name);
        if (Files.exists(gc)) {
          Files.copy(gc, kept.resolve(node.name + "-gc.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the nodes' logs in " + kept.toAbsolutePath(), e);
    }
  }
}
