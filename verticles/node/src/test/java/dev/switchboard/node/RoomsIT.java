package dev.switchboard.node;

import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import org.junit.jupiter.api.Tag;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.presence.Presence;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

import static dev.switchboard.node.TestClusters.clusterName;
import static dev.switchboard.node.TestClusters.nodeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rooms across real Hazelcast members in one JVM: offsets owned per room, member loss, presence, the memory store's rule. */
@Tag("faults")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RoomsIT {

  private final List<SwitchboardNode> nodes = new ArrayList<>();
  private final String cluster = clusterName();
  private final List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());

  @AfterEach
  void stopAll() {
    for (SwitchboardNode node : nodes) {
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a terminated member cannot leave in order; its Vert.x is closed as far as it goes
      }
    }
  }

  @Test
  @DisplayName("publishers on two members, 1,000 events each into one room: a subscriber on a third gets offsets 1..2000 once each")
  void threeMembers() throws Exception {
    SwitchboardNode a = start("a", 0, "broadcaster", "history");
    SwitchboardNode b = start("b", 1, "broadcaster", "history");
    SwitchboardNode c = start("c", 2, "history");
    String room = "project:three";
    Map<Long, Integer> offsets = new ConcurrentHashMap<>();
    Promise<Void> all = Promise.promise();
    AtomicInteger count = new AtomicInteger();
    Futures.get(RoomRouting.of(c.vertx()).subscribe(room, (RoomEvent event) -> {
      offsets.merge(event.offset(), 1, Integer::sum);
      if (count.incrementAndGet() == 2000) {
        all.tryComplete();
      }
    }), Duration.ofSeconds(120));
    Future<List<Long>> fromA = publishMany(a.vertx(), 1000, i -> body(room, "a-" + i));
    Future<List<Long>> fromB = publishMany(b.vertx(), 1000, i -> body(room, "b-" + i));
    List<Long> acked = new ArrayList<>(Futures.get(fromA, Duration.ofSeconds(120)));
    acked.addAll(Futures.get(fromB, Duration.ofSeconds(120)));
    Futures.get(all.future(), Duration.ofSeconds(120));
    List<Long> expected = LongStream.rangeClosed(1, 2000).boxed().toList();
    assertThat(acked).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(offsets.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(offsets.values()).allMatch(n -> n == 1);
  }

  @Test
  @DisplayName("hazelcast store: the abrupt loss of the room's owner loses no acknowledged event; offsets go on without gap or reuse")
  void memberLoss() throws Exception {
    SwitchboardNode a = start("a", 0, "broadcaster", "history");
    SwitchboardNode b = start("b", 1, "broadcaster", "history");
    SwitchboardNode c = start("c", 2, "history");
    HazelcastInstance victim = ClusterAccess.hazelcast(c.vertx());
    String room = roomOwnedBy(victim);
    Map<String, Long> acked = new ConcurrentHashMap<>();
    List<Throwable> refused = new CopyOnWriteArrayList<>();
    Future<Void> before = publishAcked(a.vertx(), room, "pre-", 300, acked, refused);
    Futures.get(before, Duration.ofSeconds(120));
    // as kill -9 would: the member is gone from the cluster, and nothing of it answers any more
    victim.getLifecycleService().terminate();
    c.vertx().close();
    Future<Void> duringA = publishAcked(a.vertx(), room, "a-", 300, acked, refused);
    Future<Void> duringB = publishAcked(b.vertx(), room, "b-", 300, acked, refused);
    Futures.get(Future.all(duringA, duringB), Duration.ofSeconds(120));
    assertThat(acked).hasSizeGreaterThan(600);
    LoggerFactory.getLogger(RoomsIT.class).info("member loss [acknowledged: {}, refused: {}]", acked.size(), refused.size());

    List<JsonObject> log = new ArrayList<>();
    long since = 0;
    boolean more = true;
    while (more) {
      JsonObject page = Futures.get(a.vertx().eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY,
          new JsonObject().put("room", room).put("since", since).put("limit", 1000)), Duration.ofSeconds(120)).body();
      page.getJsonArray("events").forEach(e -> log.add((JsonObject) e));
      more = page.getBoolean("more");
      since = log.isEmpty() ? 0 : log.get(log.size() - 1).getLong("offset");
      assertThat(page.getBoolean("recovered")).isTrue();
    }
    List<Long> logOffsets = log.stream().map(e -> e.getLong("offset")).toList();
    assertThat(logOffsets).containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
    Map<String, Long> logged = new ConcurrentHashMap<>();
    log.forEach(e -> assertThat(logged.put(e.getString("id"), e.getLong("offset"))).isNull());
    acked.forEach((id, offset) -> assertThat(logged.get(id)).as(id).isEqualTo(offset));
  }

  @Test
  @DisplayName("presence: a user is listed while a socket is on any node; the sockets of a member that vanishes go, with a leave event")
  void presenceAcrossMembers() throws Exception {
    SwitchboardNode a = start("a", 0, "broadcaster", "history");
    SwitchboardNode b = start("b", 1, "broadcaster");
    String room = "project:presence";
    List<String> events = new CopyOnWriteArrayList<>();
    Futures.get(RoomRouting.of(a.vertx()).subscribe(room, e -> events.add(e.type() + " " + e.envelopeJson().getJsonObject("data").getString("user"))), Duration.ofSeconds(120));
    Futures.get(Presence.of(a.vertx()).joined(room, "ann"), Duration.ofSeconds(120));
    Futures.get(Presence.of(b.vertx()).joined(room, "ann"), Duration.ofSeconds(120));
    Futures.get(Presence.of(b.vertx()).joined(room, "bob"), Duration.ofSeconds(120));
    JsonObject members = Futures.get(a.vertx().eventBus().<JsonObject>request(Addresses.PRESENCE_GET, new JsonObject().put("room", room)), Duration.ofSeconds(120)).body();
    assertThat(members.getJsonArray("members").encode())
        .isEqualTo("[{\"user\":\"ann\",\"connections\":2},{\"user\":\"bob\",\"connections\":1}]");
    ClusterAccess.hazelcast(b.vertx()).getLifecycleService().terminate();
    Poll.until("b's sockets gone from presence", Duration.ofSeconds(40), () -> {
      JsonObject now = request(a.vertx(), new JsonObject().put("room", room));
      return now != null && now.getJsonArray("members").encode().equals("[{\"user\":\"ann\",\"connections\":1}]");
    });
    Poll.until("leave event of bob", Duration.ofSeconds(20), () -> events.contains("presence.leave bob"));
    assertThat(events).containsExactly("presence.join ann", "presence.join bob", "presence.leave bob");
  }

  @Test
  @DisplayName("a second history node on the memory store refuses to start")
  void memoryStoreAlone() throws Exception {
    start("a", 0, "history");
    SwitchboardNode second = new SwitchboardNode(nodeConfig(cluster, "b", ports.get(1), ports, "history"));
    assertThatThrownBy(() -> second.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("already runs history on the memory store");
  }

  /** A node on the hazelcast store, except a lone-history node "a" (the memory store's test). */
  private SwitchboardNode start(String name, int index, String... roles) throws Exception {
    JsonObject config = nodeConfig(cluster, name, ports.get(index), ports, roles)
        .put("broadcaster", new JsonObject().put("publishPerSecond", 100_000)
            .put("presenceEvents", new io.vertx.core.json.JsonArray().add("project")));
    if (!name.equals("a") || roles.length > 1) {
      config.put("history", new JsonObject().put("store", "hazelcast").put("size", 5000));
    }
    SwitchboardNode node = new SwitchboardNode(config);
    nodes.add(node);
    node.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    return node;
  }

  private static JsonObject body(String room, String id) {
    return new JsonObject().put("room", room).put("type", "t").put("data", new JsonObject().put("id", id)).put("id", id);
  }

  /** Publishes {@code n} events, at most 32 in flight; the offsets acknowledged. */
  private static Future<List<Long>> publishMany(Vertx vertx, int n, IntFunction<JsonObject> bodies) {
    List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
    return window(vertx, n, i -> vertx.eventBus().<JsonObject>request(Addresses.BROADCAST_PUBLISH, bodies.apply(i))
        .map(m -> offsets.add(m.body().getLong("offset")))
        .mapEmpty()).map(v -> offsets);
  }

  /** Publishes, recording what was acknowledged; failures (the lost member's share) are kept apart. */
  private static Future<Void> publishAcked(Vertx vertx, String room, String prefix, int n, Map<String, Long> acked,
                                           List<Throwable> refused) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    return window(vertx, n, i -> vertx.eventBus().<JsonObject>request(Addresses.BROADCAST_PUBLISH, body(room, prefix + i), options)
        .map(Message::body)
        .onSuccess(reply -> acked.put(reply.getString("id"), reply.getLong("offset")))
        .onFailure(refused::add)
        .<Void>mapEmpty()
        .otherwiseEmpty());
  }

  private static Future<Void> window(Vertx vertx, int n, IntFunction<Future<Void>> call) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        return;
      }
      call.apply(i).onComplete(r -> {
        if (r.failed()) {
          done.tryFail(r.cause());
        }
        if (finished.incrementAndGet() == n) {
          done.tryComplete();
        }
        pump[0].run();
      });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(32, n); k++) {
        pump[0].run();
      }
    });
    return done.future();
  }

  private static String roomOwnedBy(HazelcastInstance member) {
    for (int i = 0; ; i++) {
      String room = "project:loss-" + i;
      if (member.getPartitionService().getPartition(room).getOwner().localMember()) {
        return room;
      }
    }
  }

  private static JsonObject request(Vertx vertx, JsonObject body) {
    try {
      return Futures.get(vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_GET, body), Duration.ofSeconds(120)).body();
    } catch (Exception e) {
      return null;
    }
  }

}
