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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9, item 3: the node that runs the {@code memory} history store restarts (kill -9, then started again) while
 * the other two keep running with the clients. Its logs are gone, so the rooms go on in a new epoch from offset 1;
 * every client is told so ({@code sb.recovery}, {@code recovered: false}, the new epoch) before any event of it — the
 * subscribed ones, one that reconnects while history is down, and one that comes back afterwards with its old
 * {@code {since, epoch}}. (Redis and PostgreSQL keep their logs over a restart, offsets going on: RedisDurabilityIT
 * and PostgresDurabilityIT in the history module.)
 */
@Tag("faults")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StoreRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRestartIT.class);
  private static final int ROOMS = 4;
  private static final int READERS_PER_ROOM = 10;
  private static final int EVENTS_PER_SECOND = 50;

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
  @DisplayName("the memory store's node restarts: every client — subscribed, reconnecting meanwhile or coming back later"
      + " with its old since/epoch — is told recovered:false with the new epoch before any event of it; none gets a silent gap")
  void memoryStoreRestart() throws Exception {
    NodeCluster cluster = NodeCluster.of(dir, "store-restart", 3, NodeCluster.faultConfig("memory"));
    rig = new FaultRig(cluster, 200);
    NodeProcess store = cluster.start(0, "history,broadcaster");
    cluster.start(1, "bridge,broadcaster");
    cluster.start(2, "bridge,broadcaster");
    cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    List<Integer> bridges = List.of(cluster.node(1).httpPort, cluster.node(2).httpPort);
    List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> "project:store-" + i).toList();
    for (int i = 0; i < ROOMS * READERS_PER_ROOM; i++) {
      rig.reader("reader-" + i, bridges, i % 2, rooms.get(i % ROOMS));
    }
    rig.startReaders();
    List<RoomReader> readers = rig.readers();
    PublishLoad load = rig.publish(bridges, rooms, EVENTS_PER_SECOND);
    load.awaitAcknowledged(2 * EVENTS_PER_SECOND, Duration.ofSeconds(120));
    String oldEpoch = load.acknowledged().values().iterator().next().epoch();

    // one client per room leaves before the restart and comes back after it with its old position
    List<RoomReader> away = List.copyOf(readers.subList(0, ROOMS));
    away.forEach(RoomReader::stop);
    store.kill();
    long killedAt = System.currentTimeMillis();
    // one client per room reconnects while history is down
    List<RoomReader> reconnecting = List.copyOf(readers.subList(ROOMS, 2 * ROOMS));
    reconnecting.forEach(RoomReader::dropConnection);
    List<NodeProcess> others = cluster.nodes().subList(1, 3);
    cluster.awaitMembers(Duration.ofSeconds(60), others);
    cluster.restart(0);
    cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    long restartedAt = System.currentTimeMillis();

    Poll.until("publishes acknowledged in a new epoch", Duration.ofSeconds(120),
        () -> load.acknowledged().values().stream().filter(a -> !a.epoch().equals(oldEpoch)).count() >= 2 * EVENTS_PER_SECOND);
    String newEpoch = load.acknowledged().values().stream().map(PublishLoad.Ack::epoch).filter(e -> !e.equals(oldEpoch))
        .findFirst().orElseThrow();
    List<RoomReader> subscribed = List.copyOf(readers.subList(2 * ROOMS, readers.size()));
    List<RoomReader> returning = new ArrayList<>();
    for (RoomReader gone : away) {
      RoomReader back = rig.reader("returning-" + gone.room(), bridges, 0, gone.room());
      returning.add(back);
      back.startAt(gone.last(), gone.epoch()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    Poll.until("the returning clients told they did not recover", Duration.ofSeconds(30),
        () -> returning.stream().allMatch(r -> !r.notices().isEmpty()));
    load.awaitAcknowledged(load.acknowledged().size() + EVENTS_PER_SECOND, Duration.ofSeconds(120));
    load.stop();
    load.awaitSettled(Duration.ofSeconds(60));
    List<RoomReader> present = new ArrayList<>(reconnecting);
    present.addAll(subscribed);
    present.addAll(returning);
    DeliveryAudit.awaitCaughtUp(present, load.acknowledged(), Duration.ofSeconds(60));
    Map<String, PublishLoad.Ack> acked = load.acknowledged();
    DeliveryAudit audit = DeliveryAudit.of(present, acked);
    LOG.info("memory store restart [epochs: {} → {}, killed → restarted ms: {}, acknowledged: {} ({} in the new epoch),"
            + " failed attempts: {}; {}]", oldEpoch, newEpoch, restartedAt - killedAt, acked.size(),
        acked.values().stream().filter(a -> a.epoch().equals(newEpoch)).count(), load.failedAttempts(), audit.summary());

    assertThat(audit.lost()).as(audit.summary()).isEmpty();
    for (RoomReader reader : present) {
      assertThat(reader.problems()).as("problems of a client of %s", reader.room()).isEmpty();
      assertThat(reader.notices()).as("notices of a client of %s", reader.room()).hasSize(1);
      JsonObject notice = reader.notices().get(0);
      assertThat(notice.getBoolean("recovered")).isFalse();
      assertThat(notice.getString("epoch")).isEqualTo(newEpoch);
      assertThat(notice.getString("beforeEpoch")).isEqualTo(oldEpoch);
      assertThat(reader.epoch()).isEqualTo(newEpoch);
    }
    for (RoomReader reader : subscribed) {
      JsonObject notice = reader.notices().get(0);
      assertThat(notice.getLong("offset")).as("the subscribed clients go on from offset 0 of the new log").isZero();
      assertThat(notice.getLong("before")).as("the subscribed clients had every acknowledged event of the old log")
          .isGreaterThanOrEqualTo(acked.values().stream().filter(a -> a.room().equals(reader.room()) && a.epoch().equals(oldEpoch))
              .mapToLong(PublishLoad.Ack::offset).max().orElse(0));
      assertThat(reader.errors()).isEmpty();
    }
    for (RoomReader reader : reconnecting) {
      // the replay could not be served while history was down (an err), then the live events of the new epoch were
      assertThat(reader.errors()).allSatisfy(err -> assertThat(err.getInteger("failureCode")).isEqualTo(503));
    }
    for (int i = 0; i < ROOMS; i++) {
      RoomReader reader = returning.get(i);
      JsonObject notice = reader.notices().get(0);
      assertThat(reader.errors()).isEmpty();
      assertThat(notice.getLong("before")).as("the position it came back with").isEqualTo(away.get(i).last());
      assertThat(notice.getLong("offset")).as("the newest offset of the new log when it came back").isPositive();
    }
  }
}
