package dev.switchboard.bridge;

import org.junit.jupiter.api.Tag;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.switchboard.shared.rooms.RoomNames;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.net.NetClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile input on the raw endpoint: every frame gets its documented error, nobody is let in, memory stays flat. */
@Tag("faults")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileFramesIT {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostileFramesIT.class);
  private static BridgeTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = BridgeTestNode.start(new JsonObject()
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray().add(new JsonObject().put("address", "app.test.echo")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}"))
                .add(new JsonObject().put("address", "room.agent:*").put("authority", "agents"))))
        .put("bridge", new JsonObject().put("inboundPerSecond", 1_000_000).put("inboundBurst", 1_000_000)
            .put("maxSocketsPerUser", 1000)));
    node.vertx.eventBus().consumer("app.test.echo", m -> m.reply(new JsonObject().put("for", m.headers().get("sb-user"))))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("a corpus of hostile frames: each answered with its documented error within 1 s, no delivery leaks out")
  void corpus() throws Exception {
    List<String> corpus = new ArrayList<>(List.of(
        "not json", "", "[]", "null", "42", "{\"type\": 5}", "{\"type\": \"register\"}",
        "{\"type\": \"register\", \"address\": {\"a\": 1}}", "{\"type\": \"register\", \"address\": [\"room.global\"]}",
        "{\"type\": \"send\", \"address\": \"app.test.echo\", \"replyAddress\": 7}",
        "{\"type\": \"send\", \"address\": \"app.test.echo\", \"replyAddress\": \"r\\ninjected\"}",
        "{\"type\": \"register\", \"address\": \"room.project:1\", \"headers\": \"x\"}",
        "{\"type\": \"register\", \"address\": \"room.project:1\", \"headers\": {\"since\": \"0\"}}",
        "{\"type\": \"register\", \"address\": \"room.project:1\", \"headers\": {\"types\": [1, 2]}}",
        "{\"type\": \"shout\", \"address\": \"room.global\"}",
        "{\"type\": \"register\", \"address\": \"room.project:.*\"}", "{\"type\": \"register\", \"address\": \"room.(project|user):1\"}",
        "{\"type\": \"register\", \"address\": \"room.project:1\\nroom.project:2\"}",
        "{\"type\": \"register\", \"address\": \"room.project:Ω\"}", "{\"type\": \"register\", \"address\": \"room.project:1\\u0000\"}",
        "{\"type\": \"register\", \"address\": \"" + "a".repeat(5000) + "\"}",
        "[".repeat(5000) + "]".repeat(5000),
        "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
        "{\"type\": \"register\", \"address\": \"room.project:1\", \"pad\": \"" + "x".repeat(100_000) + "\"}"));
    int answered = 0;
    long slowestNanos = 0;
    RawClient client = null;
    for (String frame : corpus) {
      if (client == null || client.closed.isDone()) {
        client = node.connect(node.token("hostile", List.of(), List.of("1")));
      }
      long sent = System.nanoTime();
      client.sendText(frame);
      JsonObject answer = client.poll(1000);
      if (answer == null && client.closed.isDone()) {
        continue; // the frame that closed a socket after ten bad ones: its close is the answer
      }
      assertThat(answer).as("an answer to %s", frame.length() > 80 ? frame.substring(0, 80) + "..." : frame).isNotNull();
      assertThat(answer.getString("type")).isEqualTo("err");
      assertThat(answer.getInteger("failureCode")).isIn(400, 403, 413);
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
      answered++;
    }
    LOG.info("hostile corpus: {} frames, {} answered, slowest answer {} ms", corpus.size(), answered, slowestNanos / 1_000_000);
    assertThat(answered).isGreaterThan(corpus.size() * 9 / 10);

    // nothing let in: a socket that tried all of that receives no event of a room it may not read
    RawClient watcher = node.connect(node.token("hostile", List.of(), List.of("1")));
    watcher.register("room.project:2");
    assertThat(watcher.next().getInteger("failureCode")).isEqualTo(403);
    node.deliver("project:2", 1, "secret", new JsonObject().put("secret", true));
    assertThat(watcher.poll(300)).isNull();
    watcher.close();
    client.close();
  }

  @Test
  @DisplayName("frames over maxFrameBytes get 413, 1 MiB ones too (dropped unread); the socket still works, ten close it")
  void oversized() throws Exception {
    RawClient client = node.connect(node.token("big", List.of(), List.of()));
    client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
    assertThat(client.next().getInteger("failureCode")).isEqualTo(413);
    client.sendText("x".repeat(1024 * 1024));
    JsonObject dropped = client.next();
    assertThat(dropped.getInteger("failureCode")).isEqualTo(413);
    assertThat(dropped.getString("message")).contains("over the transport's limit");
    client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "r.1").put("body", 1));
    assertThat(client.next().getString("address")).isEqualTo("r.1");
    for (int i = 0; i < 8; i++) {
      client.sendText("x".repeat(1024 * 1024));
    }
    assertThat(client.awaitClose()).isEqualTo((short) 4400);
  }

  @Test
  @DisplayName("replies go only to the socket that asked, whatever replyAddress another socket claims")
  void replyAddressSpoofing() throws Exception {
    RawClient alice = node.connect(node.token("alice", List.of(), List.of()));
    RawClient mallory = node.connect(node.token("mallory", List.of(), List.of()));
    mallory.register("r.shared");
    assertThat(mallory.next().getInteger("failureCode")).isEqualTo(400);
    alice.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "r.shared").put("body", 1));
    mallory.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "r.shared").put("body", 2));
    assertThat(alice.next().getJsonObject("body")).isEqualTo(new JsonObject().put("for", "alice"));
    assertThat(mallory.next().getJsonObject("body")).isEqualTo(new JsonObject().put("for", "mallory"));
    assertThat(alice.poll(200)).isNull();
    assertThat(mallory.poll(200)).isNull();
  }

  @Test
  @DisplayName("2,000 registrations on one socket: the first 100 (the limit) held, the rest refused with 429 LIMIT")
  void registrationFlood() throws Exception {
    RawClient allowed = node.connect(node.token("many", List.of("agents"), List.of()));
    for (int i = 0; i < 2000; i++) {
      allowed.register("room.agent:a" + i);
    }
    int limited = 0;
    for (int i = 0; i < 1900; i++) {
      JsonObject err = allowed.next();
      assertThat(err.getInteger("failureCode")).isEqualTo(429);
      limited++;
    }
    assertThat(limited).isEqualTo(1900);
    assertThat(allowed.poll(300)).isNull();
    allowed.close();
  }

  @Test
  @DisplayName("10,000 registers on random addresses: each gets its documented err within 1 s, ten bad frames close the"
      + " socket with 4400, no room is subscribed")
  void randomAddresses() throws Exception {
    Random random = new Random(42);
    String token = node.token("random", List.of(), List.of("1"));
    RawClient client = node.connect(token);
    int badFrames = 0;
    int closes = 0;
    long slowestNanos = 0;
    Set<String> refusedRooms = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String address = randomAddress(random);
      ExpectedErr expected = ExpectedErr.ofRegister(address);
      long sent = System.nanoTime();
      client.register(address);
      JsonObject answer = client.poll(1000);
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
      assertThat(answer).as("an answer within 1 s to a register on %s", address).isNotNull();
      expected.check(answer, address);
      if (expected.code() == 403) {
        refusedRooms.add(RoomNames.fromAddress(address));
      }
      if (expected.counted() && ++badFrames == 10) {
        assertThat(client.awaitClose()).as("ten bad frames close the socket").isEqualTo((short) 4400);
        client.close();
        client = node.connect(token);
        badFrames = 0;
        closes++;
      }
    }
    client.close();
    LOG.info("random addresses: 10000 registers, {} sockets closed for bad frames, {} valid rooms refused, slowest answer {} ms",
        closes, refusedRooms.size(), slowestNanos / 1_000_000);
    assertThat(closes).isPositive();
    assertThat(refusedRooms).isNotEmpty();
    for (String room : refusedRooms) {
      assertThat(RoomRouting.of(node.vertx).directory().nodesOf(room).toCompletionStage().toCompletableFuture()
          .get(5, TimeUnit.SECONDS)).as("nodes subscribed to %s", room).isEmpty();
    }
  }

  @Test
  @DisplayName("text frames that are not UTF-8, raw and SockJS: the WebSocket fails with 1007 within 1 s, nothing delivered")
  void invalidUtf8() throws Exception {
    String token = node.token("utf8", List.of(), List.of("1"));
    RawClient watcher = node.connect(token);
    watcher.register("room.project:1");
    node.awaitListed("project:1");
    NetClient net = node.vertx.createNetClient();
    long slowestNanos = 0;
    int attempts = 0;
    for (byte[] payload : InvalidUtf8.frames()) {
      for (String uri : List.of("/eventbus/websocket?token=" + token, "/eventbus/7/u" + attempts + "/websocket?token=" + token)) {
        WireSocket socket = WireSocket.open(net, node.httpPort()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(socket.upgrade(uri).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(101);
        if (uri.contains("/7/")) {
          assertThat(socket.poll(1000).text()).as("SockJS open frame").isEqualTo("o");
        }
        long sent = System.nanoTime();
        socket.sendText(payload);
        WireSocket.Frame answer = socket.poll(1000);
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
        assertThat(answer).as("an answer within 1 s to %s on %s", InvalidUtf8.hex(payload), uri).isNotNull();
        assertThat(answer.opcode()).isEqualTo(WireSocket.CLOSE);
        assertThat(answer.closeCode()).isEqualTo(1007);
        assertThat(socket.awaitClosed(5000)).as("connection closed").isTrue();
        attempts++;
      }
    }
    node.deliver("project:1", 1, "after", new JsonObject());
    assertThat(watcher.next().getJsonObject("body").getString("type")).isEqualTo("after");
    assertThat(watcher.poll(300)).as("nothing else reached the room").isNull();
    watcher.close();
    net.close();
    LOG.info("invalid UTF-8: {} connections failed with 1007, slowest answer {} ms", attempts, slowestNanos / 1_000_000);
  }

  @Test
  @DisplayName("1,000 hostile connections (ten garbage frames, or one frame that is not UTF-8): heap after GC grows < 10 MB")
  void heapStaysFlat() throws Exception {
    NetClient net = node.vertx.createNetClient();
    List<byte[]> notUtf8 = InvalidUtf8.frames();
    long before = Heap.usedAfterGc();
    for (int i = 0; i < 1000; i++) {
      String token = node.token("h" + (i % 500), List.of(), List.of());
      if (i % 2 == 0) {
        RawClient client = node.connect(token);
        for (int j = 0; j < 10; j++) {
          client.sendText("garbage " + j);
        }
        assertThat(client.awaitClose()).isEqualTo((short) 4400);
        client.close();
      } else {
        WireSocket socket = WireSocket.open(net, node.httpPort()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        socket.upgrade("/eventbus/websocket?token=" + token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        socket.sendText(notUtf8.get(i % notUtf8.size()));
        assertThat(socket.poll(1000).closeCode()).isEqualTo(1007);
        socket.close();
      }
    }
    long after = Heap.usedAfterGc();
    net.close();
    LOG.info("heap after GC over 1000 hostile connections: before {} KB, after {} KB, growth {} KB",
        before / 1024, after / 1024, (after - before) / 1024);
    assertThat(after - before).isLessThan(10L * 1024 * 1024);
  }


  /** A quarter of them room addresses, to reach the room-name and rule checks; the rest anything. */
  private static String randomAddress(Random random) {
    if (random.nextInt(4) == 0) {
      String kind = List.of("project:", "agent:", "user:", "process:", "global", "teleport:").get(random.nextInt(6));
      return "room." + kind + (kind.endsWith(":") ? randomText(random, "ab29_.-", 1 + random.nextInt(8)) : "");
    }
    return randomText(random, "room.project:ab_-*{}[]()|^$\\+?.:\n\t\u00e9\u4e2d\"'<>/", 1 + random.nextInt(60));
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

}
