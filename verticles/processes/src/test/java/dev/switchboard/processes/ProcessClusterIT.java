package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("sb.processes.* across a cluster of two nodes")
class ProcessClusterIT {

  private final List<Vertx> members = new ArrayList<>();
  private Vertx a;
  private Vertx b;
  private BroadcastRecorder events;

  @BeforeEach
  void startCluster() {
    TestCluster cluster = new TestCluster(2);
    a = cluster.member(0);
    members.add(a);
    b = cluster.member(1);
    members.add(b);
    events = BroadcastRecorder.registerClusterWide(a).await();
    TestNodes.deploy(a, TestNodes.config("node-a", TestNodes.commands(), new JsonObject()));
    TestNodes.deploy(b, TestNodes.config("node-b", TestNodes.commands(), new JsonObject()));
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (Vertx member : members) {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("a process started from node a on node b is listed, fetched and stopped from node a")
  void startListStopAcrossNodes() {
    JsonObject record = TestNodes.request(a, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30")).put("node", "node-b"));
    String id = record.getString("id");
    assertThat(record.getString("node")).isEqualTo("node-b");
    assertThat(record.getString("state")).isEqualTo("running");
    JsonObject local = TestNodes.request(a, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30")));
    assertThat(local.getString("node")).as("without node: whichever node received it").isIn("node-a", "node-b");
    events.await(id, ProcessEventTypes.STARTED, 10_000);

    JsonArray listed = Poll.until(() -> {
      JsonArray all = TestNodes.request(a, Addresses.PROCESSES_LIST, new JsonObject()).getJsonArray("processes");
      return all.size() == 2 ? all : null;
    }, 10_000, "both processes listed");
    assertThat(listed.stream().map(p -> ((JsonObject) p).getString("id"))).containsExactlyInAnyOrder(id, local.getString("id"));
    assertThat(TestNodes.request(a, Addresses.PROCESSES_GET, new JsonObject().put("id", id)).getString("node"))
        .isEqualTo("node-b");

    JsonObject stopped = TestNodes.request(a, Addresses.PROCESSES_STOP, new JsonObject().put("id", id));
    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getString("node")).isEqualTo("node-b");
    assertThat(events.await(id, ProcessEventTypes.STOPPED, 10_000).getInteger("exitCode")).isEqualTo(143);
    assertThat(TestNodes.request(b, Addresses.PROCESSES_STOP, new JsonObject().put("id", local.getString("id")))
        .getString("state")).as("stopped from node b").isEqualTo("stopped");

    ReplyException unknownNode = TestNodes.failure(a, Addresses.PROCESSES_START,
        new JsonObject().put("command", "sleep").put("args", new JsonArray().add("1")).put("node", "node-z"));
    assertThat(unknownNode.failureCode()).isEqualTo(404);
    assertThat(unknownNode.getMessage()).contains("node-z");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("when a node leaves the cluster, its running processes are marked lost and process.lost is published")
  void processesOfADepartedNodeAreLost() throws Exception {
    JsonObject record = TestNodes.request(a, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30")).put("node", "node-b"));
    String id = record.getString("id");
    events.await(id, ProcessEventTypes.STARTED, 10_000);

    ClusterAccess.hazelcast(b).getLifecycleService().terminate();

    JsonObject lost = events.await(id, ProcessEventTypes.LOST, 20_000);
    assertThat(lost.getString("node")).isEqualTo("node-b");
    assertThat(lost.getString("state")).isEqualTo("lost");
    // until the cluster has dropped node b's consumers, a request may still be routed to it and fail with 503
    Poll.until(() -> {
      try {
        return "lost".equals(TestNodes.request(a, Addresses.PROCESSES_GET, new JsonObject().put("id", id)).getString("state"));
      } catch (AssertionError unavailable) {
        assertThat(unavailable.getCause()).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) unavailable.getCause()).failureCode()).isEqualTo(503);
        return false;
      }
    }, 20_000, "get to answer lost");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("anyNode: a process whose node left is run again, same id, by the oldest member; without it, it stays lost")
  void anyNodeRestartsElsewhere() throws Exception {
    JsonObject restart = new JsonObject().put("policy", "on-failure").put("anyNode", true).put("backoffMs", 100);
    String moving = TestNodes.request(a, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30")).put("node", "node-b").put("restart", restart)).getString("id");
    String staying = TestNodes.request(a, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30")).put("node", "node-b")
        .put("restart", restart.copy().put("anyNode", false))).getString("id");
    events.await(moving, ProcessEventTypes.STARTED, 10_000);
    events.await(staying, ProcessEventTypes.STARTED, 10_000);

    ClusterAccess.hazelcast(b).getLifecycleService().terminate();

    assertThat(events.await(moving, ProcessEventTypes.LOST, 20_000).getString("node")).isEqualTo("node-b");
    JsonObject restarting = events.await(moving, ProcessEventTypes.RESTARTING, 20_000);
    assertThat(restarting.getInteger("restarts")).isEqualTo(1);
    JsonObject again = Poll.until(() -> events.about(moving, ProcessEventTypes.STARTED).stream()
        .filter(s -> "node-a".equals(s.getString("node"))).findFirst().orElse(null), 20_000, "started on node-a");
    assertThat(again.getString("id")).isEqualTo(moving);
    assertThat(again.getInteger("restarts")).isEqualTo(1);
    JsonObject record = Poll.until(() -> {
      try {
        JsonObject got = TestNodes.request(a, Addresses.PROCESSES_GET, new JsonObject().put("id", moving));
        return "running".equals(got.getString("state")) && "node-a".equals(got.getString("node")) ? got : null;
      } catch (AssertionError unavailable) {
        return null;
      }
    }, 20_000, "the record running on node-a");
    assertThat(record.getInteger("restarts")).isEqualTo(1);
    events.await(staying, ProcessEventTypes.LOST, 20_000);
    assertThat(TestNodes.request(a, Addresses.PROCESSES_GET, new JsonObject().put("id", staying)).getString("state"))
        .isEqualTo("lost");
    assertThat(TestNodes.request(a, Addresses.PROCESSES_STOP, new JsonObject().put("id", moving).put("graceMs", 0))
        .getString("state")).isEqualTo("stopped");
  }
}
