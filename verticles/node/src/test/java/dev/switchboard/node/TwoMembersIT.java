package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.node.TestClusters.clusterName;
import static dev.switchboard.node.TestClusters.nodeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two real Hazelcast members in one JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoMembersIT {

  private final List<SwitchboardNode> nodes = new ArrayList<>();
  private final String cluster = clusterName();
  private final List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free());

  @AfterEach
  void stopAll() throws Exception {
    for (SwitchboardNode node : nodes) {
      node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a message published on one member reaches a consumer on the other, and both list both members")
  void publishAcrossMembers() throws Exception {
    JsonObject configA = nodeConfig(cluster, "a", ports.get(0), ports, "bridge", "history");
    JsonObject configB = nodeConfig(cluster, "b", ports.get(1), ports, "broadcaster", "processes");
    SwitchboardNode a = start(configA);
    SwitchboardNode b = start(configB);

    CompletableFuture<Object> received = new CompletableFuture<>();
    b.vertx().eventBus().consumer("it.greeting", message -> received.complete(message.body()))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    a.vertx().eventBus().publish("it.greeting", new JsonObject().put("hello", "from a"));

    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("hello", "from a"));
    List<String> expected = List.of("a=[\"history\",\"bridge\"]", "b=[\"broadcaster\",\"processes\"]");
    for (JsonObject config : List.of(configA, configB)) {
      int management = config.getJsonObject("management").getInteger("port");
      Poll.until("both members on " + management, Duration.ofSeconds(10),
          () -> TestClusters.membersSeenBy(management).equals(expected));
      assertThat(TestClusters.get("http://127.0.0.1:" + management + "/ready").status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a second node with a name already taken in the cluster refuses to start")
  void nameTaken() throws Exception {
    start(nodeConfig(cluster, "same", ports.get(0), ports, "history"));
    SwitchboardNode second = new SwitchboardNode(nodeConfig(cluster, "same", ports.get(1), ports, "broadcaster"));
    assertThatThrownBy(() -> second.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("node name \"same\" is taken by a live member of the cluster");
  }

  @Test
  @DisplayName("a verticle that cannot start stops the node with a clear reason and frees what it held")
  void verticleStartFails() throws Exception {
    JsonObject config = nodeConfig(cluster, "clash", ports.get(0), List.of(ports.get(0)), "bridge");
    int httpPort = config.getJsonObject("http").getInteger("port");
    int managementPort = config.getJsonObject("management").getInteger("port");
    try (ServerSocket taken = new ServerSocket(httpPort, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      SwitchboardNode node = new SwitchboardNode(config);
      assertThatThrownBy(() -> node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
          .hasMessageContaining("bridge failed to start: bridge could not listen on 127.0.0.1:" + httpPort);
    }
    try (ServerSocket free = new ServerSocket(managementPort, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(free.getLocalPort()).isEqualTo(managementPort);
    }
  }

  private SwitchboardNode start(JsonObject config) throws Exception {
    SwitchboardNode node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    nodes.add(node);
    return node;
  }
}
