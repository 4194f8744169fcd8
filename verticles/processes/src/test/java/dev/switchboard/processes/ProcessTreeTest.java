package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import org.junit.jupiter.api.Tag;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("ending whole process trees")
class ProcessTreeTest {

  /** sh → sh → sleep, plus a double-forked sleep that init adopts, plus sleeps at each level. */
  private static final String THREE_LEVELS = "sh -c '(sleep 300 &); sleep 301' & sleep 302";

  private BroadcastRecorder events;

  @BeforeEach
  void deploy(Vertx vertx) {
    events = BroadcastRecorder.register(vertx).await();
    TestNodes.deploy(vertx, TestNodes.config("tree", TestNodes.commands(), new JsonObject().put("killGraceMs", 500)));
  }

  private long startTree(Vertx vertx, String script) {
    JsonObject record = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add(script)));
    long group = record.getLong("pid");
    // wrapper, its watcher, sh, sh, and the three sleeps
    Poll.until(() -> OsProcesses.inGroup(group).size() >= 7, 5_000, "the tree to be up");
    return group;
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("stop leaves no survivor of a three-level tree, the double-forked grandchild included")
  void stopsTheWholeTree(Vertx vertx) {
    long group = startTree(vertx, THREE_LEVELS);
    List<OsProcesses.Stat> tree = OsProcesses.inGroup(group);
    assertThat(tree).as("the double-forked sleep: a member whose parent is outside the tree (init adopted it)")
        .anyMatch(p -> p.pid() != group && tree.stream().noneMatch(t -> t.pid() == p.ppid()));
    String id = events.ofType(ProcessEventTypes.STARTED).get(0).getJsonObject("data").getString("processId");

    JsonObject stopped = TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id));

    assertThat(stopped.getString("state")).isEqualTo("stopped");
    Poll.until(() -> tree.stream().noneMatch(p -> alive(p.pid())), 5_000, "every process of the tree to be gone");
    assertThat(OsProcesses.inGroup(group)).isEmpty();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("a tree that ignores SIGTERM is killed after the grace period")
  void killsWhatIgnoresTerm(Vertx vertx) {
    long group = startTree(vertx, "trap '' TERM; " + THREE_LEVELS);
    List<OsProcesses.Stat> tree = OsProcesses.inGroup(group);
    String id = events.ofType(ProcessEventTypes.STARTED).get(0).getJsonObject("data").getString("processId");

    long began = System.nanoTime();
    JsonObject stopped = TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id).put("graceMs", 300));

    assertThat((System.nanoTime() - began) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getInteger("exitCode")).as("SIGKILL").isEqualTo(137);
    Poll.until(() -> tree.stream().noneMatch(p -> alive(p.pid())), 5_000, "every process of the tree to be gone");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("what a command leaves running in its group when it exits is ended too")
  void endsLeftovers(Vertx vertx) {
    JsonObject record = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add("(trap '' TERM; exec sleep 303 >/dev/null 2>&1 &); echo done")));
    long group = record.getLong("pid");

    assertThat(events.await(record.getString("id"), ProcessEventTypes.EXITED, 10_000).getInteger("exitCode")).isZero();
    Poll.until(() -> OsProcesses.inGroup(group).isEmpty(), 5_000, "the leftover sleep to be gone");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("undeploying the verticle (node shutdown) ends every tree")
  void shutdownEndsEveryTree(Vertx vertx) {
    long first = startTree(vertx, THREE_LEVELS);
    long second = startTree(vertx, THREE_LEVELS);
    List<OsProcesses.Stat> trees = new java.util.ArrayList<>(OsProcesses.inGroup(first));
    trees.addAll(OsProcesses.inGroup(second));

    vertx.deploymentIDs().forEach(id -> vertx.undeploy(id).await());

    assertThat(trees).noneMatch(p -> alive(p.pid()));
    assertThat(events.ofType(ProcessEventTypes.STOPPED)).hasSize(2);
  }

  private static boolean alive(long pid) {
    return OsProcesses.all().stream().anyMatch(p -> p.pid() == pid && p.state() != 'Z');
  }
}
