package dev.switchboard.node;

import dev.switchboard.testkit.SessionFrames;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Room routing across two real members: rooms are routed through node inboxes, never registered cluster-wide. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoomRoutingIT {

  private static final int SOCKETS = 500;
  private static final String ROOM = "project:500";

  private final List<SwitchboardNode> nodes = new ArrayList<>();
  private Vertx clients;

  @AfterEach
  void stop() throws Exception {
    if (clients != null) {
      clients.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    for (SwitchboardNode node : nodes) {
      node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("500 sockets in one room on node B: no cluster-wide registration, one directory entry naming B, "
      + "all receive an event sent from node A; B killed → its entries are gone")
  void fiveHundredSockets() throws Exception {
    String cluster = TestClusters.clusterName();
    List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free());
    JsonObject rules = new JsonObject().put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:*")));
    SwitchboardNode a = start(TestClusters.nodeConfig(cluster, "a", ports.get(0), ports, "history", "broadcaster")
        .put("permissions", rules));
    JsonObject configB = TestClusters.nodeConfig(cluster, "b", ports.get(1), ports, "bridge").put("permissions", rules);
    SwitchboardNode b = start(configB);
    int httpPort = configB.getJsonObject("http").getInteger("port");

    clients = Vertx.vertx();
    WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(SOCKETS + 10));
    TokenIssuer issuer = new TokenIssuer(clients, TestClusters.SECRET);
    CountDownLatch received = new CountDownLatch(SOCKETS);
    AtomicInteger wrong = new AtomicInteger();
    List<Future<WebSocket>> connected = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      String token = issuer.issue("user-" + i, List.of(), List.of(), Duration.ofHours(1));
      connected.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpPort)
              .setURI("/eventbus/websocket?token=" + token))
          .onSuccess(ws -> {
            ws.textMessageHandler(text -> {
              if (SessionFrames.isSession(text)) {
                return;
              }
              JsonObject frame = new JsonObject(text);
              if ("rec".equals(frame.getString("type")) && frame.getJsonObject("body").getLong("offset") == 1L) {
                received.countDown();
              } else {
                wrong.incrementAndGet();
              }
            });
            ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "room." + ROOM).encode());
          }));
    }
    Future.all(connected).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    RoomRouting routingA = RoomRouting.of(a.vertx());
    Poll.until("the directory to list b for " + ROOM, Duration.ofSeconds(20),
        () -> nodesOf(routingA, ROOM).equals(List.of("b")));
    // b holds one local-only consumer for the room, whatever the number of sockets; the cluster holds none
    assertThat(registrations(b.vertx(), "room." + ROOM)).singleElement().satisfies(r -> assertThat(r.localOnly()).isTrue());
    assertThat(registrations(a.vertx(), "room." + ROOM)).isEmpty();
    assertThat(ClusterAccess.hazelcast(a.vertx()).getMultiMap("__vertx.subs").get("room." + ROOM)).isEmpty();
    assertThat(routingA.directory().countRoomsOf("b").toCompletionStage().toCompletableFuture().get()).isEqualTo(1);

    JsonObject envelope = new JsonObject().put("id", "e-1").put("room", ROOM).put("type", "t").put("data", new JsonObject())
        .put("ts", Instant.now().toString()).put("offset", 1).put("epoch", "e").put("source", "a");
    int sentTo = routingA.deliver(RoomEvent.of(envelope, System.currentTimeMillis()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(sentTo).isEqualTo(1);
    assertThat(received.await(30, TimeUnit.SECONDS)).as("all %d sockets received the event", SOCKETS).isTrue();
    assertThat(wrong.get()).isZero();

    HazelcastInstance hazelcastB = ClusterAccess.hazelcast(b.vertx());
    nodes.remove(b);
    hazelcastB.getLifecycleService().terminate();
    try {
      Poll.until("a to forget b's rooms", Duration.ofSeconds(30), () -> nodesOf(routingA, ROOM).isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; map entries: " + ClusterAccess.hazelcast(a.vertx()).getMap("sb.rooms").entrySet()
          + "; get: " + ClusterAccess.hazelcast(a.vertx()).getMap("sb.rooms").get(ROOM) + "; nodesOf: " + nodesOf(routingA, ROOM), e);
    }
    b.vertx().close();
  }

  @Test
  @DisplayName("a node's cached directory entry follows another node's subscribe and unsubscribe when they happen,"
      + " not when the cached read grows old")
  void cachedEntriesFollowChanges() throws Exception {
    String cluster = TestClusters.clusterName();
    List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free());
    SwitchboardNode a = start(TestClusters.nodeConfig(cluster, "a", ports.get(0), ports, "history", "broadcaster"));
    SwitchboardNode b = start(TestClusters.nodeConfig(cluster, "b", ports.get(1), ports, "bridge"));
    RoomRouting routingA = RoomRouting.of(a.vertx());
    String room = "project:cached";
    assertThat(nodesOf(routingA, room)).isEmpty();

    var subscription = RoomRouting.of(b.vertx()).subscribe(room, event -> { })
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // a cached read is kept for 10 s at most; the change notice must come well before
    Poll.until("a to see b listed", Duration.ofMillis(1_000), () -> nodesOf(routingA, room).equals(List.of("b")));

    subscription.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Poll.until("a to see b gone", Duration.ofMillis(1_000), () -> nodesOf(routingA, room).isEmpty());
  }

  private SwitchboardNode start(JsonObject config) throws Exception {
    SwitchboardNode node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    nodes.add(node);
    return node;
  }

  private static List<String> nodesOf(RoomRouting routing, String room) {
    try {
      return routing.directory().nodesOf(room).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the cluster manager holds for an address: the cluster-wide bus registrations. */
  private static List<RegistrationInfo> registrations(Vertx vertx, String address) throws Exception {
    Promise<List<RegistrationInfo>> promise = Promise.promise();
    ((VertxInternal) vertx).clusterManager().getRegistrations(address, promise);
    return promise.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
