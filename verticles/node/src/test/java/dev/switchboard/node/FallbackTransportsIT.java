package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code @vertx/eventbus-bridge-client.js} on SockJS's fallback transports (no WebSocket): in Node forced
 * onto each of them, and in headless Chromium with WebSocket taken out of the page. Each registers on a room, publishes
 * into it and receives the event, and gets the reply of an application consumer.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FallbackTransportsIT {

  private static final String ECHO = EchoNode.ECHO;
  private static SwitchboardNode node;
  private static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    EchoNode started = EchoNode.start("fallback");
    node = started.node;
    httpPort = started.httpPort;
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xhr-streaming", "xhr-polling", "eventsource"})
  @DisplayName("Node: the official client on one fallback transport registers, receives its own publish and gets a reply")
  void officialClientOnTransport(String transport) throws Exception {
    String room = "project:node-" + transport;
    JsonObject results = JsClients.run("transports.cjs", Map.of("SB_URL", url(), "SB_TOKEN", token("node-user", room),
        "SB_ROOM", room, "SB_ECHO", ECHO, "SB_TRANSPORT", transport));
    assertThat(results.getString("transport")).isEqualTo(transport);
    assertRun(results, transport, room, "node-user");
  }

  @Test
  @DisplayName("Chromium without WebSocket: the official client on each fallback transport, and on SockJS's own pick, does the same")
  void officialClientInChromiumWithoutWebSocket() throws Exception {
    List<String> labels = List.of("xhr-streaming", "xhr-polling", "eventsource", "auto");
    String[] rooms = labels.stream().map(label -> "project:browser-" + label).toArray(String[]::new);
    JsonObject outcome = JsClients.run("browser-transports.mjs", Map.of("SB_URL", url(),
        "SB_TOKEN", token("browser-user", rooms), "SB_ROOM_PREFIX", "project:browser-", "SB_ECHO", ECHO));
    assertThat(outcome.getString("webSocket")).isEqualTo("undefined");
    assertThat(outcome.getJsonArray("consoleErrors")).isEmpty();
    JsonObject runs = outcome.getJsonObject("runs");
    for (String label : labels) {
      JsonObject results = runs.getJsonObject(label);
      assertThat(results).as(label).isNotNull();
      assertThat(results.getString("transport")).as(label)
          .isEqualTo(label.equals("auto") ? "xhr-streaming" : label);
      assertRun(results, label, "project:browser-" + label, "browser-user");
    }
  }

  private static void assertRun(JsonObject results, String label, String room, String user) {
    assertThat(results.getJsonObject("received")).as(label + ": the event published into the room").isNotNull();
    assertThat(results.getJsonObject("received").getString("room")).isEqualTo(room);
    assertThat(results.getJsonObject("received").getString("type")).isEqualTo("said");
    assertThat(results.getJsonObject("received").getJsonObject("data")).isEqualTo(new JsonObject().put("via", label));
    assertThat(results.getJsonObject("reply")).as(label + ": the reply").isEqualTo(new JsonObject()
        .put("echo", new JsonObject().put("hello", label)).put("user", user));
    assertThat(results.containsKey("unexpectedError")).as(label + ": " + results.getValue("unexpectedError")).isFalse();
  }

  private static String url() {
    return "http://127.0.0.1:" + httpPort + "/eventbus";
  }

  private static String token(String user, String... rooms) {
    List<String> projects = java.util.Arrays.stream(rooms).map(room -> room.substring("project:".length())).toList();
    return new TokenIssuer(node.vertx(), TestClusters.SECRET).issue(user, List.of("publish"), projects, Duration.ofHours(1));
  }
}
