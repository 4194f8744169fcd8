package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #20, rolling restart: three node JVMs (every role, history on the hazelcast store, {@code cluster.minimumMembers}
 * 2), clients spread over them, 500 events a second offered through all three. One node at a time gets SIGTERM: it
 * closes its sockets with 1001 "server shutting down" and stops; its clients reconnect at once to the next node and
 * register again with {@code {since, epoch}}; once they are live there the node is started again and the next one waits
 * until it has joined. Nothing acknowledged is lost, no client sees an event twice or out of order, and every client
 * ends on a live node.
 */
@Tag("faults")
@Tag("long")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RollingRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(RollingRestartIT.class);
  private static final String ALL_ROLES = "history,broadcaster,processes,bridge";
  private static final int NODES = 3;
  private static final int ROOMS = 10;
  private static final int CLIENTS = 60;
  private static final int EVENTS_PER_SECOND = 500;
  private static final String STORE = "hazelcast";
  private static final int SHUTTING_DOWN = 1001;

  @TempDir
  Path dir;

  private FaultRig rig;

  @AfterEach
  void tearDown() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  @DisplayName("a rolling restart of all three nodes under 500 events/s: clients told 1001 move at once, lose nothing,"
      + " see nothing twice, and end on live nodes")
  void rollingRestart() throws Exception {
    NodeCluster cluster = NodeCluster.of(dir, "rolling", NODES, NodeCluster.faultConfig(STORE)
        .put("cluster", new JsonObject().put("minimumMembers", 2)));
    rig = new FaultRig(cluster, CLIENTS + 50);
    cluster.startAll(ALL_ROLES);
    List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> "project:rolling-" + i).toList();
    PublishLoad load = rig.steadyLoad(rooms, CLIENTS, EVENTS_PER_SECOND, 0.9, Duration.ofSeconds(5));

    List<Long> recoveries = new ArrayList<>();
    int moved = 0;
    for (int i = 0; i < NODES; i++) {
      NodeProcess node = cluster.node(i);
      List<RoomReader> onIt = rig.readers().stream().filter(r -> r.port() == node.httpPort).toList();
      List<Integer> movesBefore = onIt.stream().map(r -> r.moves().size()).toList();
      long stoppedAt = System.currentTimeMillis();
      int exit = node.terminate(60_000);
      assertThat(exit).as("exit code of %s after SIGTERM", node.name).isZero();
      Poll.until("every client of " + node.name + " live again on another node", Duration.ofSeconds(60),
          () -> IntStream.range(0, onIt.size()).allMatch(k -> onIt.get(k).moves().size() > movesBefore.get(k)));
      for (int k = 0; k < onIt.size(); k++) {
        recoveries.add(onIt.get(k).moves().get(movesBefore.get(k)).liveAt() - stoppedAt);
      }
      moved += onIt.size();  // a client moved off an earlier node counts again when it moves off this one
      LOG.info("rolled {} [clients moved: {}, acknowledged so far: {}]", node.name, onIt.size(), load.acknowledged().size());
      cluster.restart(i);
      cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    }
    load.stop();
    load.awaitSettled(Duration.ofSeconds(60));
    DeliveryAudit.awaitCaughtUp(rig.readers(), load.acknowledged(), Duration.ofSeconds(60));
    DeliveryAudit audit = DeliveryAudit.of(rig.readers(), load.acknowledged());
    Set<Integer> live = cluster.nodes().stream().filter(NodeProcess::alive).map(n -> n.httpPort).collect(Collectors.toSet());
    List<Integer> closeCodes = rig.readers().stream().flatMap(r -> r.closeCodes().stream()).toList();
    long duplicates = rig.readers().stream().flatMap(r -> r.problems().stream()).filter(p -> p.startsWith("duplicate"))
        .count();
    List<Long> sorted = recoveries.stream().sorted().toList();
    LOG.info("rolling restart [store: {}, clients: {}, moves: {}, offered {}/s, events acknowledged: {}, failed publish"
            + " attempts (retried): {}, close codes: {}, duplicates: {}, SIGTERM → live again on another node ms: p50 {}, max {};"
            + " {}]", STORE, rig.readers().size(), moved, EVENTS_PER_SECOND, load.acknowledged().size(),
        load.failedAttempts(), closeCodes.stream().collect(Collectors.groupingBy(c -> String.valueOf(c), Collectors.counting())),
        duplicates, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), audit.summary());

    assertThat(rig.readers()).allSatisfy(r -> assertThat(r.moves()).as("moves of %s", r.room()).isNotEmpty());
    assertThat(closeCodes).as("each node told its clients it was shutting down").allMatch(c -> Objects.equals(c, SHUTTING_DOWN));
    assertThat(audit.clean()).as(audit.summary()).isTrue();
    assertThat(rig.readers()).allSatisfy(r -> {
      assertThat(r.connected()).as("%s connected", r.room()).isTrue();
      assertThat(live).as("%s on a live node", r.room()).contains(r.port());
    });
  }
}
