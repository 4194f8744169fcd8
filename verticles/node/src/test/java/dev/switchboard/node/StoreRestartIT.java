package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
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
 * {@code {since, epoch}}. (Redis and PostgreSQL keep their logs over a restart, offsets going on: RedisDurabilityTest
 * and PostgresDurabilityTest in the history module.)
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

  private NodeCluster cluster;
  private Vertx clients;
  private PublishLoad load;
  private final List<RoomReader> readers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    readers.forEach(RoomReader::stop);
    if (load != null) {
      load.close();
    }
    if (clients != null) {
      clients.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("the memory store's node restarts: every client — subscribed, reconnecting meanwhile or coming back later"
      + " with its old since/epoch — is told recovered:false with the new epoch before any event of it; none gets a silent gap")
  void memoryStoreRestart() throws Exception {
    cluster = NodeCluster.of(dir, "store-restart", 3, NodeCluster.faultConfig("memory"));
    NodeProcess store = cluster.start(0, "history,broadcaster");
    cluster.start(1, "bridge,broadcaster");
    cluster.start(2, "bridge,broadcaster");
    cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    List<Integer> bridges = List.of(cluster.node(1).httpPort, cluster.node(2).httpPort);

    clients = Vertx.vertx();
    WebSocketClient sockets = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(200));
    TokenIssuer issuer = new TokenIssuer(clients, TestClusters.SECRET);
    List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> "project:store-" + i).toList();
    for (int i = 0; i < ROOMS * READERS_PER_ROOM; i++) {
      readers.add(new RoomReader(clients, sockets, issuer.issue("reader-" + i, List.of(), List.of(), Duration.ofHours(1)),
          bridges, i % 2, rooms.get(i % ROOMS)));
    }
    Future.all(readers.stream().map(RoomReader::start).toList()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    load = new PublishLoad(clients, sockets, issuer.issue("publisher", List.of(), List.of(), Duration.ofHours(1)), bridges,
        rooms, EVENTS_PER_SECOND, "e");
    load.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    awaitAcknowledged(5 * EVENTS_PER_SECOND);
    String oldEpoch = load.acknowledged().values().iterator().next().epoch();

    // one client per room leaves before the restart and comes back after it with its old position
    List<RoomReader> away = readers.subList(0, ROOMS);
    away.forEach(RoomReader::stop);
    store.kill();
    long killedAt = System.currentTimeMillis();
    // one client per room reconnects while history is down
    List<RoomReader> reconnecting = readers.subList(ROOMS, 2 * ROOMS);
    reconnecting.forEach(RoomReader::dropConnection);
    List<NodeProcess> others = cluster.nodes().subList(1, 3);
    cluster.awaitMembers(Duration.ofSeconds(60), others);
    cluster.restart(0);
    cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    long restartedAt = System.currentTimeMillis();

    TestClusters.await("publishes acknowledged in a new epoch", Duration.ofSeconds(120),
        () -> load.acknowledged().values().stream().filter(a -> !a.epoch().equals(oldEpoch)).count() >= 5 * EVENTS_PER_SECOND);
    String newEpoch = load.acknowledged().values().stream().map(PublishLoad.Ack::epoch).filter(e -> !e.equals(oldEpoch))
        .findFirst().orElseThrow();
    List<RoomReader> returning = new ArrayList<>();
    for (RoomReader gone : away) {
      RoomReader back = new RoomReader(clients, sockets, issuer.issue("returning-" + gone.room(), List.of(), List.of(),
          Duration.ofHours(1)), bridges, 0, gone.room());
      returning.add(back);
      back.startAt(gone.last(), gone.epoch()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    TestClusters.await("the returning clients told they did not recover", Duration.ofSeconds(30),
        () -> returning.stream().allMatch(r -> !r.notices().isEmpty()));
    awaitAcknowledged(load.acknowledged().size() + EVENTS_PER_SECOND);
    load.stop();
    load.awaitSettled(Duration.ofSeconds(60));
    List<RoomReader> present = new ArrayList<>(readers.subList(ROOMS, readers.size()));
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
    for (RoomReader reader : readers.subList(2 * ROOMS, readers.size())) {
      assertThat(reader.notices().get(0).getLong("offset")).as("the subscribed clients go on from offset 0 of the new log").isZero();
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

  private void awaitAcknowledged(int count) throws InterruptedException {
    TestClusters.await(count + " publishes acknowledged", Duration.ofSeconds(120), () -> load.acknowledged().size() >= count);
  }
}
