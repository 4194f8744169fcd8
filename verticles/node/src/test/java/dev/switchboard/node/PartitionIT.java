package dev.switchboard.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9, item 2: one of three nodes is frozen with SIGSTOP for 30 s — longer than Hazelcast's failure detection, so
 * the others drop it — then SIGCONT. It comes back as a cluster of its own and is merged back under a new member id;
 * whatever it had registered (member directory, room directory, presence, process registry, its inbox and service
 * consumers) must be there again. Through every node, publishing into every room, delivery to every client, the
 * process services and presence must answer again within 60 s of SIGCONT, nothing acknowledged may be lost, and
 * after that no request may fail or time out.
 */
@Tag("faults")
@Tag("long")
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class PartitionIT {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionIT.class);
  private static final String ALL_ROLES = "history,broadcaster,processes,bridge";
  private static final int NODES = 3;
  private static final int ROOMS = 6;
  private static final int READERS = 54;
  private static final int EVENTS_PER_SECOND = 100;
  private static final Duration PAUSE = Duration.ofSeconds(30);
  /** The bound on SIGCONT → every address answers again. */
  private static final Duration HEAL_BOUND = Duration.ofSeconds(60);
  private static final Duration STEADY = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private FaultRig rig;
  private ClusterProbe probe;

  @AfterEach
  void tearDown() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  @DisplayName("SIGSTOP of one of three nodes for 30 s, then SIGCONT: within 60 s every room (publish and delivery), the"
      + " process services and presence answer through every node again, its state is restored, nothing acknowledged is"
      + " lost, and no request fails afterwards")
  void pauseAndHeal() throws Exception {
    NodeCluster cluster = NodeCluster.of(dir, "partition", NODES, NodeCluster.faultConfig("hazelcast")
        .put("cluster", new JsonObject().put("minimumMembers", 2)));
    rig = new FaultRig(cluster, READERS + 50);
    cluster.startAll(ALL_ROLES);
    List<Integer> ports = cluster.httpPorts();
    List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> "project:split-" + i).toList();
    List<String> usersOnPaused = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      rig.reader("reader-" + i, ports, i % NODES, rooms.get(i % ROOMS));
      if (i % NODES == NODES - 1 && i % ROOMS == 0) {
        usersOnPaused.add("reader-" + i);
      }
    }
    rig.startReaders();
    PublishLoad load = rig.publish(ports, rooms, EVENTS_PER_SECOND);
    probe = rig.probe(rooms);
    List<String> longRunning = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      longRunning.add(probe.startSleep(i, 300).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).getString("id"));
    }
    probe.expectRunning(longRunning).expectPresent(rooms.get(0), usersOnPaused);
    assertThat(healthyRound(0)).as("a round before the fault").isEmpty();

    NodeProcess paused = cluster.node(NODES - 1);
    paused.pause();
    LOG.info("paused {} (pid {}) with SIGSTOP for {} s", paused.name, paused.pid(), PAUSE.toSeconds());
    Thread.sleep(PAUSE.toMillis());
    paused.resume();
    long resumedAt = System.nanoTime();
    LOG.info("resumed {} with SIGCONT", paused.name);

    List<String> failures = List.of("no round yet");
    int round = 1;
    while (!failures.isEmpty() && System.nanoTime() - resumedAt < HEAL_BOUND.plusSeconds(60).toNanos()) {
      failures = healthyRound(round++);
    }
    Duration healed = Duration.ofNanos(System.nanoTime() - resumedAt);
    assertThat(failures).as("still failing %d s after SIGCONT (node logs: target/fault-logs/partition)", healed.toSeconds())
        .isEmpty();
    LOG.info("healed {} ms after SIGCONT, in {} rounds", healed.toMillis(), round - 1);

    List<String> afterHeal = new ArrayList<>();
    long steadyUntil = System.nanoTime() + STEADY.toNanos();
    int steadyRounds = 0;
    while (System.nanoTime() < steadyUntil) {
      afterHeal.addAll(healthyRound(round++));
      steadyRounds++;
    }
    load.stop();
    load.awaitSettled(Duration.ofSeconds(60));
    for (String id : longRunning) {
      assertThat(probe.stop(0, id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).getString("state"))
          .as("stopping %s after the heal", id).isEqualTo("stopped");
    }
    Map<String, PublishLoad.Ack> acked = new HashMap<>(load.acknowledged());
    acked.putAll(probe.acknowledged());
    DeliveryAudit.awaitCaughtUp(rig.readers(), acked, Duration.ofSeconds(60));
    DeliveryAudit audit = DeliveryAudit.of(rig.readers(), acked);
    LOG.info("partition [paused: {} s, healed: {} ms after SIGCONT, steady rounds: {} with {} failures, acknowledged: {},"
            + " failed publish attempts: {}; {}]", PAUSE.toSeconds(), healed.toMillis(), steadyRounds, afterHeal.size(),
        acked.size(), load.failedAttempts(), audit.summary());

    assertThat(healed).as("SIGCONT → every address answers").isLessThan(HEAL_BOUND);
    assertThat(afterHeal).as("requests that failed after the heal").isEmpty();
    assertThat(audit.clean()).as(audit.summary()).isTrue();
  }

  /** One probe round; then every probe event must reach every reader of its room. The failures (empty: healthy). */
  private List<String> healthyRound(int round) throws Exception {
    List<String> failures = new ArrayList<>(probe.round(round).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
    for (NodeProcess node : rig.cluster.nodes()) {
      List<String> members = TestClusters.membersSeenBy(node.managementPort);
      if (members.size() != NODES) {
        failures.add(node.name + " lists members " + members);
      }
    }
    Map<String, PublishLoad.Ack> probes = Map.copyOf(probe.acknowledged());
    try {
      DeliveryAudit.awaitCaughtUp(rig.readers(), probes, Duration.ofSeconds(5));
    } catch (AssertionError e) {
      failures.add("delivery: " + e.getMessage());
    }
    if (!failures.isEmpty()) {
      LOG.info("round {}: {}", round, failures);
    }
    return failures;
  }
}
