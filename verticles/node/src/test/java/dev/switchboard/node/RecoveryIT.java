package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Recovery through the bridge: register with {since, epoch} gets what was missed, then live events, in order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryIT {

  private static SwitchboardNode node;
  private static Vertx clients;
  private static int httpPort;
  private static String token;
  private final List<SocketClient> sockets = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "r", port, List.of(port),
            "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject().put("outbound", new JsonArray()
            .add(new JsonObject().put("address", "room.project:*")).add(new JsonObject().put("address", "room.agent:*"))))
        .put("history", new JsonObject().put("rooms", new JsonObject().put("project", new JsonObject().put("size", 20))));
    httpPort = config.getJsonObject("http").getInteger("port");
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    clients = Vertx.vertx();
    token = new TokenIssuer(clients, TestClusters.SECRET).issue("reader", List.of(), List.of(), Duration.ofHours(1));
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(SocketClient::close);
  }

  @Test
  @DisplayName("since inside the window: the missed events, then live ones, no gap and no duplicate; {since: 0} gets all")
  void sinceInsideWindow() throws Exception {
    String room = "project:a";
    JsonObject last = null;
    for (int i = 1; i <= 5; i++) {
      last = publish(room, "t", i);
    }
    SocketClient resumed = socket().register("room." + room, new JsonObject().put("since", 3).put("epoch", last.getString("epoch")));
    assertThat(offsets(resumed.next(2))).containsExactly(4L, 5L);
    SocketClient everything = socket().register("room." + room, new JsonObject().put("since", 0));
    assertThat(offsets(everything.next(5))).containsExactly(1L, 2L, 3L, 4L, 5L);
    awaitListed(room);
    publish(room, "t", 6);
    assertThat(offsets(resumed.next(1))).containsExactly(6L);
    assertThat(offsets(everything.next(1))).containsExactly(6L);
    assertThat(resumed.poll(200)).isNull();
  }

  @Test
  @DisplayName("a wrong epoch or a trimmed gap: one sb.recovery rec with recovered:false, then only live events")
  void notRecoverable() throws Exception {
    String room = "project:b";
    JsonObject last = null;
    for (int i = 1; i <= 30; i++) {
      last = publish(room, "t", i);
    }
    SocketClient wrongEpoch = socket().register("room." + room, new JsonObject().put("since", 25).put("epoch", "not-the-epoch"));
    SocketClient trimmed = socket().register("room." + room, new JsonObject().put("since", 2).put("epoch", last.getString("epoch")));
    for (SocketClient client : List.of(wrongEpoch, trimmed)) {
      JsonObject recovery = client.next();
      assertThat(recovery.getString("type")).isEqualTo("rec");
      assertThat(recovery.getString("address")).isEqualTo("room." + room);
      assertThat(recovery.getJsonObject("body").getString("type")).isEqualTo("sb.recovery");
      assertThat(recovery.getJsonObject("body").getJsonObject("data")).isEqualTo(new JsonObject()
          .put("recovered", false).put("offset", 30).put("epoch", last.getString("epoch")));
    }
    awaitListed(room);
    publish(room, "t", 31);
    assertThat(offsets(wrongEpoch.next(1))).containsExactly(31L);
    assertThat(offsets(trimmed.next(1))).containsExactly(31L);
  }

  @org.junit.jupiter.api.RepeatedTest(3)
  @DisplayName("events published while a socket's replay runs are merged by offset: strictly consecutive, none lost")
  void liveDuringReplay() throws Exception {
    // an agent room keeps 1000 events (project rooms here only 20): all 60 stay recoverable
    String room = "agent:c" + java.util.UUID.randomUUID().toString().substring(0, 6);
    for (int i = 1; i <= 10; i++) {
      publish(room, "t", i);
    }
    AtomicBoolean publishing = new AtomicBoolean(true);
    List<Long> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread publisher = new Thread(() -> {
      int i = 11;
      while (publishing.get() && i <= 60) {
        try {
          acknowledged.add(publish(room, "t", i++).getLong("offset"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    publisher.start();
    SocketClient client = socket().register("room." + room, new JsonObject().put("since", 0));
    List<Long> seen = new ArrayList<>();
    while (seen.size() < 60) {
      JsonObject frame = client.poll(10_000);
      assertThat(frame).as("frame after offsets %s (acknowledged: %s)", seen, acknowledged).isNotNull();
      seen.add(frame.getJsonObject("body").getLong("offset"));
    }
    publishing.set(false);
    publisher.join();
    List<Long> expected = new ArrayList<>();
    for (long o = 1; o <= 60; o++) {
      expected.add(o);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("an event that arrives ahead of its predecessor is held; the predecessor is fetched from history")
  void gapFilled() throws Exception {
    String room = "project:d";
    SocketClient client = socket().register("room." + room, null);
    awaitListed(room);
    publish(room, "t", 1);
    assertThat(offsets(client.next(1))).containsExactly(1L);
    // offsets 2 and 3 stored in history; only 3 is delivered, as if 2 were still on its way from another node
    JsonObject second = append(room, "gap-2");
    JsonObject third = append(room, "gap-3");
    RoomRouting.of(node.vertx()).deliver(RoomEvent.of(new JsonObject(third.getString("envelope")), System.currentTimeMillis()))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    List<JsonObject> frames = client.next(2);
    assertThat(offsets(frames)).containsExactly(2L, 3L);
    assertThat(frames.get(0).getJsonObject("body").getString("id")).isEqualTo(second.getString("id"));
  }

  @Test
  @DisplayName("types and since together: only the wanted types are replayed and delivered")
  void typesWithSince() throws Exception {
    String room = "project:e";
    publish(room, "wanted", 1);
    publish(room, "other", 2);
    publish(room, "wanted", 3);
    SocketClient client = socket().register("room." + room, new JsonObject().put("since", 0)
        .put("types", new JsonArray().add("wanted")));
    assertThat(offsets(client.next(2))).containsExactly(1L, 3L);
    assertThat(client.poll(200)).isNull();
  }

  private SocketClient socket() throws Exception {
    SocketClient client = SocketClient.connect(clients, httpPort, token);
    sockets.add(client);
    return client;
  }

  private static JsonObject publish(String room, String type, int n) throws Exception {
    return node.vertx().eventBus().<JsonObject>request(Addresses.BROADCAST_PUBLISH, new JsonObject().put("room", room)
            .put("type", type).put("data", new JsonObject().put("n", n)))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
  }

  /** Stores an event in history without delivering it; returns {id, envelope (with offset and epoch)}. */
  private static JsonObject append(String room, String id) throws Exception {
    long ts = System.currentTimeMillis();
    String text = Envelope.text(id, room, "t", "{}", ts, "test", null);
    JsonObject reply = node.vertx().eventBus().<JsonObject>request(Addresses.HISTORY_APPEND,
            new AppendRequest(room, id, ts, text).toJson())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    return new JsonObject().put("id", id)
        .put("envelope", Envelope.withOffset(text, reply.getLong("offset"), reply.getString("epoch")));
  }

  private static void awaitListed(String room) throws Exception {
    RoomRouting routing = RoomRouting.of(node.vertx());
    Poll.until(room + " listed", Duration.ofSeconds(10), () -> {
      try {
        return routing.directory().nodesOf(room).toCompletionStage().toCompletableFuture().get().contains("r");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static List<Long> offsets(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getJsonObject("body").getLong("offset")).toList();
  }
}
