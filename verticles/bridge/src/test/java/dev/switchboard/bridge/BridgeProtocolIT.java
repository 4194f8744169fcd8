package dev.switchboard.bridge;

import org.junit.jupiter.api.Tag;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge protocol with raw frames on {@code /eventbus/websocket}: every rule form and every refusal. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeProtocolIT {

  private static BridgeTestNode node;
  private static MessageConsumer<Object> echo;

  @BeforeAll
  static void start() throws Exception {
    JsonObject rules = new JsonObject()
        .put("inbound", new JsonArray()
            .add(rule("room.project:{projects[]}", "publish"))
            .add(rule("room.errors", null))
            .add(rule("app.test.echo", null))
            .add(rule("sb.history.replay", null)))
        .put("outbound", new JsonArray()
            .add(rule("room.project:{projects[]}", null))
            .add(rule("room.user:{sub}", null))
            .add(rule("room.agent:*", "agents")));
    node = BridgeTestNode.start(new JsonObject().put("permissions", rules)
        .put("bridge", new JsonObject().put("maxSocketsPerUser", 2).put("maxRegistrationsPerSocket", 3)
            .put("maxFrameBytes", 1024).put("inboundPerSecond", 20).put("inboundBurst", 20).put("idleTimeoutMs", 3000)));
    echo = node.vertx.eventBus().consumer("app.test.echo", message -> message.reply(new JsonObject()
        .put("echo", message.body()).put("user", message.headers().get("sb-user"))));
    echo.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private final List<RawClient> clients = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeClients() {
    clients.forEach(RawClient::close);
  }

  @Test
  @DisplayName("a register allowed by {projects[]} receives the room's events as rec frames with the envelope")
  void registerAndReceive() throws Exception {
    RawClient client = client("alice", List.of(), List.of("42", "7"));
    client.register("room.project:42");
    node.awaitListed("project:42");
    node.deliver("project:42", 1, "project.updated", new JsonObject().put("n", 1));
    JsonObject frame = client.next();
    assertThat(frame.getString("type")).isEqualTo("rec");
    assertThat(frame.getString("address")).isEqualTo("room.project:42");
    assertThat(frame.getJsonObject("body").getString("room")).isEqualTo("project:42");
    assertThat(frame.getJsonObject("body").getLong("offset")).isEqualTo(1L);
    assertThat(frame.getJsonObject("body").getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
  }

  @Test
  @DisplayName("every rule form refuses what it does not match: {projects[]}, {sub}, * with authority, and unlisted rooms")
  void ruleForms() throws Exception {
    RawClient alice = client("alice", List.of(), List.of("42"));
    for (String address : List.of("room.project:420", "room.project:4", "room.user:bob", "room.agent:a1", "room.global")) {
      alice.register(address);
      assertDenied(alice.next(), address);
    }
    alice.register("room.user:alice");
    RawClient agent = client("agent-runner", List.of("agents"), List.of());
    agent.register("room.agent:a1");
    node.awaitListed("agent:a1");
    node.awaitListed("user:alice");
    node.deliver("agent:a1", 1, "agent.step", new JsonObject());
    node.deliver("user:alice", 1, "user.note", new JsonObject());
    assertThat(agent.next().getString("address")).isEqualTo("room.agent:a1");
    assertThat(alice.next().getString("address")).isEqualTo("room.user:alice");
  }

  @Test
  @DisplayName("a send awaiting a reply gets the reply at its replyAddress, with the user the bridge vouches for")
  void sendWithReply() throws Exception {
    RawClient client = client("carol", List.of(), List.of());
    client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "r.1")
        .put("body", new JsonObject().put("ping", 1)).put("headers", new JsonObject().put("sb-user", "mallory")));
    JsonObject reply = client.next();
    assertThat(reply.getString("type")).isEqualTo("rec");
    assertThat(reply.getString("address")).isEqualTo("r.1");
    assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject().put("echo", new JsonObject().put("ping", 1)).put("user", "carol"));
  }

  @Test
  @DisplayName("a refused send awaiting a reply gets its err at the replyAddress; without one, at the address")
  void refusedSend() throws Exception {
    RawClient client = client("carol", List.of(), List.of());
    client.send(new JsonObject().put("type", "send").put("address", "sb.secret").put("replyAddress", "r.2").put("body", 1));
    assertDenied(client.next(), "r.2");
    client.send(new JsonObject().put("type", "publish").put("address", "sb.secret").put("body", 1));
    assertDenied(client.next(), "sb.secret");
    client.send(new JsonObject().put("type", "send").put("address", "sb.history.replay").put("replyAddress", "r.3")
        .put("body", new JsonObject().put("room", "project:9")));
    JsonObject frame = client.next();
    assertDenied(frame, "r.3");
    assertThat(frame.getString("message")).contains("reading room project:9 needs permission to register on room.project:9");
  }

  @Test
  @DisplayName("a publish into a room goes to the broadcaster: without one it is 503; the process monitor's rooms are 403")
  void publishToRoom() throws Exception {
    RawClient client = client("dave", List.of("publish"), List.of("42"));
    client.send(new JsonObject().put("type", "send").put("address", "room.project:42").put("replyAddress", "p.1")
        .put("body", new JsonObject().put("type", "t").put("data", new JsonObject())));
    JsonObject unavailable = client.next();
    assertThat(unavailable.getString("address")).isEqualTo("p.1");
    assertThat(unavailable.getInteger("failureCode")).isEqualTo(503);
    assertThat(unavailable.getString("failureType")).isEqualTo("UNAVAILABLE");
    client.send(new JsonObject().put("type", "publish").put("address", "room.errors")
        .put("body", new JsonObject().put("type", "error.detected").put("data", new JsonObject())));
    JsonObject denied = client.next();
    assertDenied(denied, "room.errors");
    assertThat(denied.getString("message")).contains("written by the process monitor only");
    RawClient noAuthority = client("erin", List.of(), List.of("42"));
    noAuthority.send(new JsonObject().put("type", "publish").put("address", "room.project:42").put("body", new JsonObject()));
    assertDenied(noAuthority.next(), "room.project:42");
  }

  @Test
  @DisplayName("malformed frames get 400 INVALID (no address when there is none to give); ten in a minute close the socket")
  void malformedFrames() throws Exception {
    RawClient client = client("frank", List.of(), List.of());
    client.sendText("not json");
    assertInvalid(client.next(), null);
    client.send(new JsonObject().put("address", "room.global"));
    assertInvalid(client.next(), null);
    client.send(new JsonObject().put("type", "shout").put("address", "room.global"));
    assertInvalid(client.next(), null);
    client.send(new JsonObject().put("type", "register").put("address", 42));
    assertInvalid(client.next(), null);
    client.send(new JsonObject().put("type", "register").put("address", "room.\nglobal"));
    assertInvalid(client.next(), null);
    client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "r x"));
    assertInvalid(client.next(), "app.test.echo");
    client.send(new JsonObject().put("type", "register").put("address", "room.project:4/2"));
    assertInvalid(client.next(), "room.project:4/2");
    client.send(new JsonObject().put("type", "register").put("address", "app.test.echo"));
    assertInvalid(client.next(), "app.test.echo");
    client.sendText("{\"type\": \"register\", \"address\": \"room.global\", \"padding\": \"" + "x".repeat(2000) + "\"}");
    JsonObject tooLarge = client.next();
    assertThat(tooLarge.getInteger("failureCode")).isEqualTo(413);
    assertThat(tooLarge.getString("failureType")).isEqualTo("TOO_LARGE");
    // frames refused by a rule (the two 400s with an address above) do not count; these eight do, two more close it
    for (String garbage : List.of("[1,2", "\"just a string\"", "{\"type\": null}")) {
      client.sendText(garbage);
      assertInvalid(client.next(), null);
    }
    assertThat(client.awaitClose()).isEqualTo((short) 4400);
    assertThat(client.closeReason).isEqualTo("too many invalid frames");
  }

  @Test
  @DisplayName("limits: registrations per socket and inbound rate answer 429 LIMIT; sockets per user close the extra socket")
  void limits() throws Exception {
    RawClient client = client("grace", List.of(), List.of("1", "2", "3", "4"));
    for (String id : List.of("1", "2", "3")) {
      client.register("room.project:" + id);
    }
    client.register("room.project:4");
    JsonObject limit = client.next();
    assertThat(limit.getInteger("failureCode")).isEqualTo(429);
    assertThat(limit.getString("failureType")).isEqualTo("LIMIT");
    assertThat(limit.getString("address")).isEqualTo("room.project:4");

    RawClient flooder = client("heidi", List.of(), List.of());
    for (int i = 0; i < 60; i++) {
      flooder.send(new JsonObject().put("type", "unregister").put("address", "room.global"));
    }
    JsonObject rate = flooder.next();
    assertThat(rate.getInteger("failureCode")).isEqualTo(429);
    assertThat(rate.getString("address")).isEqualTo("room.global");
    assertThat(rate.getString("message")).contains("more than 20 frames a second");

    client("ivan", List.of(), List.of());
    client("ivan", List.of(), List.of());
    RawClient third = client("ivan", List.of(), List.of());
    JsonObject refused = third.next();
    assertThat(refused.getInteger("failureCode")).isEqualTo(429);
    assertThat(refused.getString("message")).contains("user ivan already has 2 sockets");
    assertThat(third.awaitClose()).isEqualTo((short) 4429);
  }

  @Test
  @DisplayName("every request over the inbound rate is answered: its 429 goes to its replyAddress, so no reply callback"
      + " is left hanging")
  void rateLimitedRequestsAreAnswered() throws Exception {
    RawClient client = client("nina", List.of(), List.of());
    int requests = 200;
    for (int i = 0; i < requests; i++) {
      client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "q." + i)
          .put("body", i));
    }
    java.util.Set<String> answered = new java.util.HashSet<>();
    int limited = 0;
    for (int i = 0; i < requests; i++) {
      JsonObject frame = client.next();
      assertThat(frame.getString("address")).as("frame %s", frame).startsWith("q.");
      answered.add(frame.getString("address"));
      if ("err".equals(frame.getString("type"))) {
        assertThat(frame.getInteger("failureCode")).isEqualTo(429);
        assertThat(frame.getString("failureType")).isEqualTo("LIMIT");
        limited++;
      }
    }
    assertThat(answered).hasSize(requests);
    assertThat(limited).isGreaterThan(100);
  }

  @Test
  @DisplayName("internal addresses are refused with 403 whatever the rules say, and their consumers get nothing; a"
      + " publish through sb.broadcast.publish is checked as a publish into its room")
  void internalAddresses() throws Exception {
    JsonObject broad = new JsonObject()
        .put("inbound", new JsonArray().add(rule("sb.history.*", null)).add(rule("sb.*", null))
            .add(rule("sb.node.*", null)).add(rule("__vertx.*", null)).add(rule("sb.processes.node.{sub}", null))
            .add(rule("room.*", null)))
        .put("outbound", new JsonArray().add(rule("room.errors", null)));
    try (BridgeTestNode open = BridgeTestNode.start(new JsonObject().put("permissions", broad))) {
      java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
      List<String> internal = List.of("sb.history.append", "sb.node." + open.name, "sb.processes.node.oscar",
          "sb.processes.node." + open.name, "__vertx.reply.1");
      for (String address : internal) {
        open.vertx.eventBus().consumer(address, m -> reached.incrementAndGet()).completion()
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      RawClient client = open.connect(open.token("oscar", List.of(), List.of()));
      clients.add(client);
      int n = 0;
      for (String address : internal) {
        for (String type : List.of("send", "publish")) {
          String reply = "i." + n++;
          client.send(new JsonObject().put("type", type).put("address", address).put("replyAddress", reply)
              .put("body", new JsonObject().put("room", "errors").put("type", "error.detected").put("data", 1)));
          JsonObject frame = client.next();
          assertDenied(frame, reply);
          assertThat(frame.getString("message")).contains(address + " is internal to Switchboard");
        }
      }
      client.send(new JsonObject().put("type", "send").put("address", "sb.broadcast.publish").put("replyAddress", "b.1")
          .put("body", new JsonObject().put("room", "errors").put("type", "error.detected").put("data", 1)));
      JsonObject processRoom = client.next();
      assertDenied(processRoom, "b.1");
      assertThat(processRoom.getString("message")).contains("written by the process monitor only");
      client.send(new JsonObject().put("type", "send").put("address", "sb.broadcast.publish").put("replyAddress", "b.2")
          .put("body", new JsonObject().put("room", "project:1").put("type", "t").put("data", 1)));
      assertDenied(client.next(), "b.2");
      assertThat(reached.get()).isZero();
    }
  }

  @Test
  @DisplayName("types in register headers filter the events delivered; unregister stops them")
  void typesAndUnregister() throws Exception {
    RawClient client = client("judy", List.of(), List.of("55"));
    client.send(new JsonObject().put("type", "register").put("address", "room.project:55")
        .put("headers", new JsonObject().put("types", new JsonArray().add("wanted"))));
    node.awaitListed("project:55");
    node.deliver("project:55", 1, "unwanted", new JsonObject());
    node.deliver("project:55", 2, "wanted", new JsonObject());
    assertThat(client.next().getJsonObject("body").getString("type")).isEqualTo("wanted");
    client.send(new JsonObject().put("type", "unregister").put("address", "room.project:55"));
    client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "fence").put("body", 0));
    assertThat(client.next().getString("address")).isEqualTo("fence");
    node.deliver("project:55", 3, "wanted", new JsonObject());
    assertThat(client.poll(300)).isNull();
  }

  @Test
  @DisplayName("no token, a bad token and a token signed with another key get 401 and the socket is closed")
  void authentication() throws Exception {
    String foreign = new dev.switchboard.bridge.auth.TokenIssuer(node.vertx, "another-secret-0123456789abcdef")
        .issue("x", List.of(), List.of(), java.time.Duration.ofHours(1));
    for (String token : new String[] {null, "garbage", foreign}) {
      RawClient client = node.connect(token);
      clients.add(client);
      JsonObject frame = client.next();
      assertThat(frame.getInteger("failureCode")).isEqualTo(401);
      assertThat(frame.getString("failureType")).isEqualTo("UNAUTHENTICATED");
      assertThat(frame.containsKey("address")).isFalse();
      assertThat(client.awaitClose()).isEqualTo((short) 4401);
    }
  }

  @Test
  @DisplayName("a socket whose token expires gets TOKEN_EXPIRED and is closed")
  void tokenExpiry() throws Exception {
    RawClient client = node.connect(node.tokenExpiring("kim", List.of(), 2));
    clients.add(client);
    client.send(new JsonObject().put("type", "ping"));
    JsonObject frame = client.next();
    assertThat(frame.getString("failureType")).isEqualTo("TOKEN_EXPIRED");
    assertThat(frame.getInteger("failureCode")).isEqualTo(401);
    assertThat(client.awaitClose()).isEqualTo((short) 4401);
  }

  @Test
  @DisplayName("a socket that sends nothing for idleTimeoutMs is closed with a reason")
  void idle() throws Exception {
    RawClient client = client("leo", List.of(), List.of());
    assertThat(client.awaitClose()).isEqualTo((short) 4000);
    assertThat(client.closeReason).isEqualTo("idle timeout");
  }

  @Test
  @DisplayName("the node's room directory lists it once per room, however many sockets, and forgets the room when they leave")
  void directory() throws Exception {
    List<RawClient> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RawClient c = client("u" + i, List.of(), List.of("77"));
      c.register("room.project:77");
      many.add(c);
    }
    node.awaitListed("project:77");
    assertThat(nodesOf("project:77")).containsExactly(node.name);
    many.forEach(RawClient::close);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!nodesOf("project:77").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(nodesOf("project:77")).isEmpty();
  }

  @Test
  @DisplayName("a client that stops reading is closed once the transport is behind by bridge.outboundQueue frames; read"
      + " again at once, it gets the reason")
  @Tag("faults")
  void slowConsumer() throws Exception {
    try (BridgeTestNode small = BridgeTestNode.start(new JsonObject()
        .put("permissions", new JsonObject().put("outbound", new JsonArray().add(rule("room.global", null))))
        .put("bridge", new JsonObject().put("outboundQueue", 20)))) {
      RawClient slow = small.connect(small.token("slow", List.of(), List.of()));
      slow.register("room.global");
      small.awaitListed("global");
      slow.pause();
      JsonObject big = new JsonObject().put("pad", "x".repeat(60_000));
      int sent = 0;
      while (small.closedFor("slow_consumer") == 0 && sent < 2000) {
        small.deliver("global", ++sent, "flood", big);
      }
      int atClose = sent;
      for (int i = 0; i < 50; i++) {
        small.deliver("global", ++sent, "flood", big);
      }
      // read again before the node gives up on the close frame reaching it (see SlowConsumerIT for one that never does)
      slow.resume();
      assertThat(slow.awaitClose()).isEqualTo((short) 4408);
      assertThat(slow.closeReason).isEqualTo("outbound queue full: client too slow");
      // the node stopped writing to it when it closed it: what it had queued, then the close, none of the 50 after
      assertThat(slow.received()).isLessThanOrEqualTo(atClose);
      slow.close();
    }
  }

  @Test
  @DisplayName("an Origin not in bridge.allowedOrigins is refused with 403 on the WebSocket upgrade")
  void origins() throws Exception {
    try (BridgeTestNode strict = BridgeTestNode.start(new JsonObject().put("bridge",
        new JsonObject().put("allowedOrigins", new JsonArray().add("https://app.example.com"))))) {
      String token = strict.token("o", List.of(), List.of());
      assertThatThrownBy(() -> strict.connect(new WebSocketConnectOptions().setURI("/eventbus/websocket?token=" + token)
          .addHeader("Origin", "https://evil.example.com")))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeRejectedException.class)
          .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
      RawClient allowed = strict.connect(new WebSocketConnectOptions().setURI("/eventbus/websocket?token=" + token)
          .addHeader("Origin", "https://app.example.com"));
      allowed.send(new JsonObject().put("type", "register").put("address", "room.global"));
      assertDenied(allowed.next(), "room.global");
      allowed.close();
    }
  }

  private RawClient client(String sub, List<String> permissions, List<String> projects) throws Exception {
    RawClient client = node.connect(node.token(sub, permissions, projects));
    clients.add(client);
    return client;
  }

  private static List<String> nodesOf(String room) throws Exception {
    return dev.switchboard.shared.cluster.rooms.RoomRouting.of(node.vertx).directory().nodesOf(room)
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void assertDenied(JsonObject frame, String address) {
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("address")).isEqualTo(address);
    assertThat(frame.getInteger("failureCode")).isEqualTo(403);
    assertThat(frame.getString("failureType")).isEqualTo("ACCESS_DENIED");
    assertThat(frame.getString("message")).isNotBlank();
  }

  private static void assertInvalid(JsonObject frame, String address) {
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("address")).isEqualTo(address);
    assertThat(frame.getInteger("failureCode")).isEqualTo(400);
    assertThat(frame.getString("failureType")).isEqualTo("INVALID");
  }

  private static JsonObject rule(String address, String authority) {
    JsonObject rule = new JsonObject().put("address", address);
    return authority == null ? rule : rule.put("authority", authority);
  }
}
