package dev.switchboard.bridge;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge tells a socket about itself and how a socket changes its token, with raw frames on a real node:
 * the welcome on {@code sb.session}, registration acks, {@code bridge.autoSubscribe}, and {@code sb.auth.refresh} with a
 * narrower, a wider, another user's, an expired, a forged token — and a refresh that outlives the first token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketSessionIT {

  private static BridgeTestNode node;
  private static MessageConsumer<Object> echo;

  @BeforeAll
  static void start() throws Exception {
    JsonObject rules = new JsonObject()
        .put("inbound", new JsonArray().add(rule("app.test.echo", null)))
        .put("outbound", new JsonArray()
            .add(rule("room.project:{projects[]}", null))
            .add(rule("room.user:{sub}", null))
            .add(rule("room.global", "global")));
    node = BridgeTestNode.start(new JsonObject().put("permissions", rules)
        .put("bridge", new JsonObject().put("maxRegistrationsPerSocket", 5)
            .put("autoSubscribe", new JsonArray().add("user:{sub}").add("global").add("project:{projects[]}"))));
    echo = node.vertx.eventBus().consumer("app.test.echo", message -> message.reply(new JsonObject().put("echo", message.body())));
    echo.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private final List<RawClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(RawClient::close);
  }

  @Test
  @DisplayName("an admitted socket first gets the welcome on sb.session: node, sub, exp of its token, limits, auto-subscribed rooms")
  void welcome() throws Exception {
    String token = node.token("wendy", List.of(), List.of());
    RawClient client = connect(token);
    JsonObject welcome = client.nextSession();
    assertThat(welcome.getString("node")).isEqualTo(node.name);
    assertThat(welcome.getString("sub")).isEqualTo("wendy");
    assertThat(welcome.getLong("exp")).isEqualTo(expOf(token));
    assertThat(welcome.getJsonObject("limits")).isEqualTo(new JsonObject()
        .put("maxFrameBytes", 65536).put("maxRegistrationsPerSocket", 5).put("inboundPerSecond", 50)
        .put("inboundBurst", 100).put("outboundQueue", 1000).put("outboundQueueBytes", 4194304)
        .put("idleTimeoutMs", 30000));
    assertThat(welcome.getJsonArray("autoSubscribed")).containsExactly("room.user:wendy");
    assertThat(client.pollSession(300)).as("one welcome only").isNull();
  }

  @Test
  @DisplayName("a refused socket gets its 401 and no welcome")
  void noWelcomeWhenRefused() throws Exception {
    RawClient client = connect("garbage");
    assertThat(client.next().getInteger("failureCode")).isEqualTo(401);
    assertThat(client.awaitClose()).isEqualTo((short) 4401);
    assertThat(client.pollSession(0)).isNull();
  }

  @Test
  @DisplayName("autoSubscribe registers the rooms the socket may read with no frame from it, and skips the others silently")
  void autoSubscribe() throws Exception {
    RawClient alice = connect(node.token("alice", List.of(), List.of("42")));
    assertThat(alice.nextSession().getJsonArray("autoSubscribed")).containsExactly("room.user:alice", "room.project:42");
    RawClient reader = connect(node.token("gus", List.of("global"), List.of()));
    assertThat(reader.nextSession().getJsonArray("autoSubscribed")).containsExactly("room.user:gus", "room.global");
    node.awaitListed("user:alice");
    node.awaitListed("project:42");
    node.awaitListed("global");
    node.deliver("user:alice", 1, "note", new JsonObject());
    node.deliver("project:42", 1, "update", new JsonObject());
    node.deliver("global", 1, "news", new JsonObject());
    List<String> got = List.of(alice.next().getString("address"), alice.next().getString("address"));
    assertThat(got).containsExactlyInAnyOrder("room.user:alice", "room.project:42");
    assertThat(reader.next().getString("address")).isEqualTo("room.global");
    assertThat(alice.poll(300)).as("no frame for global, which alice may not read, not even an err").isNull();
  }

  @Test
  @DisplayName("a register with headers {ack: true} gets {registered} on sb.session once live: an event sent then arrives;"
      + " sb.session itself may be registered (nothing happens) but not sent to")
  void ack() throws Exception {
    RawClient client = connect(node.token("ann", List.of(), List.of("7")));
    client.nextSession();
    client.send(new JsonObject().put("type", "register").put("address", "room.project:7")
        .put("headers", new JsonObject().put("ack", true)));
    assertThat(client.nextSession()).isEqualTo(new JsonObject().put("registered", "room.project:7"));
    node.deliver("project:7", 1, "after-ack", new JsonObject());
    assertThat(client.next().getJsonObject("body").getString("type")).isEqualTo("after-ack");
    client.send(new JsonObject().put("type", "register").put("address", "room.project:7")
        .put("headers", new JsonObject().put("ack", "yes")));
    JsonObject invalid = client.next();
    assertThat(invalid.getString("address")).isEqualTo("room.project:7");
    assertThat(invalid.getInteger("failureCode")).isEqualTo(400);
    assertThat(invalid.getString("message")).contains("headers.ack");
    client.register("sb.session");
    client.send(new JsonObject().put("type", "unregister").put("address", "sb.session"));
    assertThat(client.poll(300)).as("sb.session is the bridge's own: registering it is accepted, nothing to say").isNull();
    client.send(new JsonObject().put("type", "send").put("address", "sb.session").put("replyAddress", "s.1")
        .put("body", new JsonObject()));
    JsonObject refused = client.next();
    assertThat(refused.getString("address")).isEqualTo("s.1");
    assertThat(refused.getInteger("failureCode")).isEqualTo(403);
  }

  @Test
  @DisplayName("refresh with a narrower token: the registration now forbidden gets ACCESS_DENIED and nothing more, the other keeps receiving")
  void narrower() throws Exception {
    RawClient client = connect(node.token("nora", List.of(), List.of("11", "12")));
    client.nextSession();
    node.awaitListed("project:11");
    node.awaitListed("project:12");
    String narrower = node.token("nora", List.of(), List.of("11"));
    JsonObject denied = refresh(client, narrower, "r.1");
    assertThat(denied.getString("type")).isEqualTo("err");
    assertThat(denied.getString("address")).isEqualTo("room.project:12");
    assertThat(denied.getInteger("failureCode")).isEqualTo(403);
    assertThat(denied.getString("failureType")).isEqualTo("ACCESS_DENIED");
    JsonObject reply = client.next();
    assertThat(reply.getString("address")).isEqualTo("r.1");
    assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject().put("exp", expOf(narrower)));
    node.deliver("project:12", 1, "gone", new JsonObject());
    node.deliver("project:11", 1, "kept", new JsonObject());
    JsonObject kept = client.next();
    assertThat(kept.getString("address")).isEqualTo("room.project:11");
    assertThat(client.poll(300)).as("nothing from project:12 any more").isNull();
  }

  @Test
  @DisplayName("refresh with a wider token does not bring back a registration refused earlier; a new register may use it")
  void wider() throws Exception {
    RawClient client = connect(node.token("walt", List.of(), List.of()));
    client.nextSession();
    client.register("room.project:21");
    assertThat(client.next().getString("failureType")).isEqualTo("ACCESS_DENIED");
    JsonObject reply = refresh(client, node.token("walt", List.of(), List.of("21")), "r.2");
    assertThat(reply.getString("address")).isEqualTo("r.2");
    assertThat(reply.getString("type")).isEqualTo("rec");
    node.deliver("project:21", 1, "not-for-walt-yet", new JsonObject());
    assertThat(client.poll(300)).as("the refused registration stays refused").isNull();
    client.send(new JsonObject().put("type", "register").put("address", "room.project:21")
        .put("headers", new JsonObject().put("ack", true)));
    assertThat(client.nextSession().getString("registered")).isEqualTo("room.project:21");
    node.deliver("project:21", 2, "now", new JsonObject());
    assertThat(client.next().getJsonObject("body").getString("type")).isEqualTo("now");
  }

  @Test
  @DisplayName("refresh with another user's token: 403 at the reply address, the socket keeps its old claims and works")
  void otherUser() throws Exception {
    RawClient client = connect(node.token("olga", List.of(), List.of("31")));
    client.nextSession();
    JsonObject refused = refresh(client, node.token("mallory", List.of(), List.of("31", "32")), "r.3");
    assertThat(refused.getString("type")).isEqualTo("err");
    assertThat(refused.getString("address")).isEqualTo("r.3");
    assertThat(refused.getInteger("failureCode")).isEqualTo(403);
    assertThat(refused.getString("failureType")).isEqualTo("ACCESS_DENIED");
    client.register("room.project:32");
    assertThat(client.next().getString("failureType")).as("still olga's claims").isEqualTo("ACCESS_DENIED");
    node.awaitListed("project:31");
    node.deliver("project:31", 1, "still-here", new JsonObject());
    assertThat(client.next().getString("address")).isEqualTo("room.project:31");
  }

  @Test
  @DisplayName("refresh with an expired token: 401 TOKEN_EXPIRED, the socket stays open with its token")
  void expired() throws Exception {
    RawClient client = connect(node.token("ed", List.of(), List.of()));
    client.nextSession();
    JsonObject refused = refresh(client, signed(BridgeTestNode.SECRET, new JsonObject().put("sub", "ed")
        .put("exp", System.currentTimeMillis() / 1000 - 60)), "r.4");
    assertThat(refused.getString("address")).isEqualTo("r.4");
    assertThat(refused.getInteger("failureCode")).isEqualTo(401);
    assertThat(refused.getString("failureType")).isEqualTo("TOKEN_EXPIRED");
    assertEchoes(client);
  }

  @Test
  @DisplayName("refresh with a forged, malformed, oversized or missing token, or a frame of another shape: refused, socket open")
  void forgedAndMalformed() throws Exception {
    RawClient client = connect(node.token("fred", List.of(), List.of()));
    client.nextSession();
    String forged = signed("another-secret-0123456789abcdef", new JsonObject().put("sub", "fred")
        .put("exp", System.currentTimeMillis() / 1000 + 3600));
    for (String token : List.of(forged, "garbage", "a." + "b".repeat(9000) + ".c")) {
      JsonObject refused = refresh(client, token, "r.5");
      assertThat(refused.getString("address")).isEqualTo("r.5");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
      assertThat(refused.getString("failureType")).isEqualTo("UNAUTHENTICATED");
    }
    client.send(new JsonObject().put("type", "send").put("address", "sb.auth.refresh").put("replyAddress", "r.6")
        .put("body", new JsonObject().put("token", 5)));
    assertThat(client.next().getInteger("failureCode")).isEqualTo(400);
    client.send(new JsonObject().put("type", "send").put("address", "sb.auth.refresh")
        .put("body", new JsonObject().put("token", node.token("fred", List.of(), List.of()))));
    JsonObject noReply = client.next();
    assertThat(noReply.getString("address")).isEqualTo("sb.auth.refresh");
    assertThat(noReply.getInteger("failureCode")).isEqualTo(400);
    assertEchoes(client);
  }

  @Test
  @DisplayName("a refreshed socket outlives its first token's exp, and is closed 4401 at the new token's exp")
  void refreshExtendsLife() throws Exception {
    String first = node.tokenExpiring("liz", List.of(), 2);
    RawClient client = connect(first);
    client.nextSession();
    String second = node.tokenExpiring("liz", List.of(), 5);
    JsonObject reply = refresh(client, second, "r.7");
    assertThat(reply.getJsonObject("body").getLong("exp")).isEqualTo(expOf(second));
    // past the first token's exp and two sweeps of the bridge (once a second)
    long pastFirst = expOf(first) * 1000 + 2500;
    while (System.currentTimeMillis() < pastFirst) {
      assertThat(client.closed).as("closed at the first token's exp").isNotDone();
      client.send(new JsonObject().put("type", "ping"));
      Thread.sleep(200);
    }
    assertEchoes(client);
    assertThat(client.awaitClose()).as("closed at the second token's exp").isEqualTo((short) 4401);
    assertThat(System.currentTimeMillis() / 1000).isGreaterThanOrEqualTo(expOf(second));
  }

  private RawClient connect(String token) throws Exception {
    RawClient client = node.connect(token);
    clients.add(client);
    return client;
  }

  /** Sends a refresh; the first frame that answers it (a denial of a registration comes before the reply). */
  private static JsonObject refresh(RawClient client, String token, String replyAddress) throws Exception {
    client.send(new JsonObject().put("type", "send").put("address", "sb.auth.refresh").put("replyAddress", replyAddress)
        .put("body", new JsonObject().put("token", token)));
    return client.next();
  }

  private static void assertEchoes(RawClient client) throws Exception {
    client.send(new JsonObject().put("type", "send").put("address", "app.test.echo").put("replyAddress", "e.1")
        .put("body", new JsonObject().put("n", 1)));
    JsonObject reply = client.next();
    assertThat(reply.getString("address")).isEqualTo("e.1");
    assertThat(reply.getJsonObject("body").getJsonObject("echo")).isEqualTo(new JsonObject().put("n", 1));
  }

  private static long expOf(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getLong("exp");
  }

  private static String signed(String secret, JsonObject claims) {
    JWTAuth auth = JWTAuth.create(node.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  private static JsonObject rule(String address, String authority) {
    JsonObject rule = new JsonObject().put("address", address);
    return authority == null ? rule : rule.put("authority", authority);
  }
}
