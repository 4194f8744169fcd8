package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes started from the fat jar as separate JVMs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreeNodesIT {

  /** What members share: the JWT key, and history on the cluster (the memory store is for a single history node). */
  private static final Map<String, String> SHARED_KEY = Map.of("SWITCHBOARD_AUTH_JWT_SECRET", "three-nodes-test-secret-0123456789",
      "SWITCHBOARD_HISTORY_STORE", "hazelcast");

  @TempDir
  Path dir;

  private final List<NodeProcess> started = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess node : started) {
      node.close();
    }
  }

  @Test
  @DisplayName("three nodes list one another with their roles; one SIGTERMed exits 0 and the others' lists shrink to two")
  void threeNodes() throws Exception {
    Path jar = NodeProcess.copyJar(dir);
    String cluster = TestClusters.clusterName();
    List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
    String members = TestClusters.members(ports);
    List<String> roles = List.of("bridge,broadcaster,history,processes", "bridge,broadcaster", "history,processes");
    for (int i = 0; i < 3; i++) {
      started.add(NodeProcess.start(jar, dir, "n" + (i + 1), List.of("--cluster-name", cluster,
          "--cluster-port", String.valueOf(ports.get(i)), "--members", members, "--roles", roles.get(i)), SHARED_KEY));
    }
    for (NodeProcess node : started) {
      awaitOrDump(node, "/ready of " + node.name, node::ready);
    }
    List<String> all = List.of("n1=[\"history\",\"broadcaster\",\"processes\",\"bridge\"]",
        "n2=[\"broadcaster\",\"bridge\"]", "n3=[\"history\",\"processes\"]");
    for (NodeProcess node : started) {
      awaitOrDump(node, "three members on " + node.name, () -> TestClusters.membersSeenBy(node.managementPort).equals(all));
    }
    assertThat(started.get(0).output()).containsPattern("switchboard node started \\[name: n1, roles: \\[history, broadcaster, processes, bridge\\]");

    NodeProcess leaving = started.get(2);
    long stopping = System.nanoTime();
    assertThat(leaving.terminate(10_000)).as("exit code after SIGTERM\n" + leaving.output()).isEqualTo(0);
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
    assertThat(leaving.output()).contains("switchboard node stopped [name: n3]");

    for (NodeProcess node : started.subList(0, 2)) {
      awaitOrDump(node, "two members on " + node.name,
          () -> TestClusters.membersSeenBy(node.managementPort).equals(all.subList(0, 2)));
    }
  }

  @Test
  @DisplayName("a bad config value stops the node with exit code 2 and one line naming key, value and expectation")
  void badConfig() throws Exception {
    Path jar = NodeProcess.copyJar(dir);
    NodeProcess node = NodeProcess.start(jar, dir, "bad", List.of("--roles", "bridge,teleporter"), Map.of());
    started.add(node);
    assertThat(node.waitForExit(30_000)).isEqualTo(2);
    assertThat(node.output().strip())
        .isEqualTo("switchboard: invalid config: node.roles[1] = \"teleporter\" (expected one of history, broadcaster, processes, bridge)");
  }

  @Test
  @DisplayName("a port already in use stops the node with exit code 1 and a message naming the port")
  void portInUse() throws Exception {
    Path jar = NodeProcess.copyJar(dir);
    int clusterPort = LoopbackPorts.free();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      NodeProcess node = NodeProcess.start(jar, dir, "clash", List.of("--cluster-name", TestClusters.clusterName(),
          "--cluster-port", String.valueOf(clusterPort), "--members", "127.0.0.1:" + clusterPort,
          "--management-port", String.valueOf(taken.getLocalPort())), Map.of());
      started.add(node);
      assertThat(node.waitForExit(60_000)).as(node.output()).isEqualTo(1);
      assertThat(node.output()).contains("management server failed to start: management server could not listen on 127.0.0.1:"
          + taken.getLocalPort());
    }
  }

  private static void awaitOrDump(NodeProcess node, String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    try {
      Poll.until(what, Duration.ofSeconds(60), condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- log of " + node.name + " ---\n" + node.output(), e);
    }
  }
}
