package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The official {@code @vertx/eventbus-bridge-client.js} against a real node, in Node and in headless Chromium. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OfficialClientIT {

  private static final String EMIT = "app.test.emit";
  private static SwitchboardNode node;
  private static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    EchoNode started = EchoNode.start("js", EMIT);
    node = started.node;
    httpPort = started.httpPort;
    Vertx vertx = node.vertx();
    vertx.eventBus().<JsonObject>consumer(EMIT, m -> emitWhenListed(vertx, m.body().getString("room"))
        .onSuccess(m::reply).onFailure(e -> m.fail(503, e.getMessage())))
        .completion().toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Node: the official client registers and receives, gets a reply, and has refusals handed to its callbacks")
  void officialClientInNode() throws Exception {
    JsonObject results = JsClients.run("official-client.cjs", env("node-user"));
    assertScenario(results, "node-user");
  }

  @Test
  @DisplayName("Chromium: a page using the official client over SockJS does the same, with no console errors")
  void officialClientInChromium() throws Exception {
    Path screenshot = Path.of("target/screenshots/bridge-check.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    Map<String, String> env = new java.util.HashMap<>(env("browser-user"));
    env.put("SB_SCREENSHOT", screenshot.toString());
    JsonObject outcome = JsClients.run("browser.mjs", env);
    assertThat(outcome.getJsonArray("consoleErrors")).isEmpty();
    assertScenario(outcome.getJsonObject("results"), "browser-user");
    assertThat(screenshot).isRegularFile();
  }

  @Test
  @DisplayName("Node: a subscriber that disconnects and registers again with {since, epoch} gets what it missed, then live events")
  void officialClientReconnects() throws Exception {
    String token = new TokenIssuer(node.vertx(), TestClusters.SECRET)
        .issue("reconnecting-user", List.of("publish"), List.of("reconnect"), Duration.ofHours(1));
    JsonObject outcome = JsClients.run("reconnect.cjs", Map.of("SB_URL", "http://127.0.0.1:" + httpPort + "/eventbus",
        "SB_TOKEN", token, "SB_ROOM", "project:reconnect"));
    assertThat(outcome.getJsonArray("before")).isEqualTo(new JsonArray("[[1,1],[2,2],[3,3]]"));
    assertThat(outcome.getJsonArray("after")).isEqualTo(new JsonArray("[[4,4],[5,5],[6,6]]"));
    assertThat(outcome.getString("epoch")).isNotBlank();
  }

  private static void assertScenario(JsonObject results, String user) {
    assertThat(results.getJsonObject("received").getString("room")).isEqualTo("project:7");
    assertThat(results.getJsonObject("received").getJsonObject("data")).isEqualTo(new JsonObject().put("hello", "room"));
    assertThat(results.getJsonObject("deniedRegister").getInteger("failureCode")).isEqualTo(403);
    assertThat(results.getJsonObject("deniedRegister").getString("failureType")).isEqualTo("ACCESS_DENIED");
    assertThat(results.getJsonObject("reply")).isEqualTo(new JsonObject()
        .put("echo", new JsonObject().put("hello", "switchboard")).put("user", user));
    assertThat(results.getJsonObject("deniedSend").getInteger("failureCode")).isEqualTo(403);
    assertThat(results.containsKey("unexpectedError")).isFalse();
  }

  private static Map<String, String> env(String user) {
    String token = new TokenIssuer(node.vertx(), TestClusters.SECRET).issue(user, List.of(), List.of("7"), Duration.ofHours(1));
    return Map.of("SB_URL", "http://127.0.0.1:" + httpPort + "/eventbus", "SB_TOKEN", token, "SB_ROOM", "project:7",
        "SB_DENIED_ROOM", "project:8", "SB_EMIT", EMIT);
  }

  /** Emits one event into the room once the directory lists this node for it (the client has registered). */
  private static Future<JsonObject> emitWhenListed(Vertx vertx, String room) {
    RoomRouting routing = RoomRouting.of(vertx);
    Promise<JsonObject> done = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(20, timer -> routing.directory().nodesOf(room).onSuccess(nodes -> {
      if (nodes.contains(routing.node())) {
        vertx.cancelTimer(timer);
        JsonObject envelope = new JsonObject().put("id", "js-1").put("room", room).put("type", "greeting")
            .put("data", new JsonObject().put("hello", "room")).put("ts", Instant.now().toString()).put("offset", 1)
            .put("epoch", "e").put("source", routing.node());
        routing.deliver(RoomEvent.of(envelope, System.currentTimeMillis()))
            .onSuccess(n -> done.tryComplete(new JsonObject().put("nodes", n)));
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        done.tryFail("room " + room + " never listed " + routing.node() + " (address " + Addresses.room(room) + ")");
      }
    }));
    return done.future();
  }
}
