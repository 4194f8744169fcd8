package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client library ({@code clients/switchboard-client}, issue #18) against a real node, through the scenarios of
 * {@code clients/test/client-scenarios.cjs}: in Node, and in headless Chromium loading it with plain script tags. The
 * node loss is {@link ClientFailoverIT}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientLibraryIT {

  private static EchoNode node;
  private static TokenIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    node = EchoNode.start("lib", "sb.presence.get", "sb.history.replay");
    issuer = new TokenIssuer(node.node.vertx(), TestClusters.SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop();
  }

  @Test
  @DisplayName("backoff: full jitter under a cap that doubles per attempt up to its maximum; the close-code table; a 1001 moves to another URL within 1 s, 4400 stops")
  void backoffAndCloseTable() throws Exception {
    JsonObject unit = JsClients.run("client-unit.cjs", Map.of());
    assertThat(unit.getJsonArray("caps")).isEqualTo(new JsonArray("[500,1000,2000,4000,8000,15000,15000,15000,15000]"));
    assertThat(unit.getJsonArray("floors")).allSatisfy(f -> assertThat(f).isEqualTo(0));
    JsonObject spread = unit.getJsonObject("spread");
    assertThat(spread.getInteger("max")).isLessThan(4000);
    assertThat(spread.getInteger("distinct")).as("1,000 clients at attempt 3 do not come back together").isGreaterThan(500);
    assertThat(spread.getInteger("seconds")).as("spread over every second of the 4 s window").isEqualTo(4);
    JsonObject policies = unit.getJsonObject("policies");
    assertThat(policies.getJsonObject("1001").getString("action")).isEqualTo("move");
    assertThat(policies.getJsonObject("4400").getString("action")).isEqualTo("stop");
    assertThat(policies.getJsonObject("1007").getString("action")).isEqualTo("stop");
    assertThat(policies.getJsonObject("4401").getString("action")).isEqualTo("refresh");
    for (String retried : List.of("1000", "1006", "4000", "4408", "4429", "4503", "4999")) {
      assertThat(policies.getJsonObject(retried).getString("action")).as(retried).isEqualTo("retry");
    }
    JsonObject closes = unit.getJsonObject("closes");
    JsonObject drained = closes.getJsonObject("1001").getJsonObject("after");
    assertThat(drained.getString("url")).isEqualTo("http://b/eventbus");
    assertThat(drained.getInteger("delay")).isLessThan(1000);
    assertThat(closes.getJsonObject("1006").getJsonObject("after").getString("url")).isEqualTo("http://b/eventbus");
    assertThat(closes.getJsonObject("4400").getJsonObject("after").getString("state")).isEqualTo("closed");
    assertThat(closes.getJsonObject("4400").getJsonObject("after").getBoolean("final")).isTrue();
    assertThat(closes.getJsonObject("4429").getJsonObject("after").getInteger("delay"))
        .as("4429 starts higher on the curve: half of an 8 s cap").isEqualTo(4000);
  }

  @Test
  @DisplayName("Node: subscribe, publish three events and get each once in order with its ack; request; presence; a refused publish rejects with 403")
  void basicsInNode() throws Exception {
    assertBasics(scenario("client-lib.cjs", "basics", options("lib-node", "lib-node")), "lib-node");
  }

  @Test
  @DisplayName("Chromium: the same page-side, the library loaded with plain script tags after vertx-eventbus.js; no console errors")
  void basicsInChromium() throws Exception {
    Path screenshot = Path.of("target/screenshots/client-library.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    JsonObject outcome = JsClients.start(List.of("client-browser.mjs", "basics"), Map.of(
        "SB_OPTIONS", options("lib-browser", "lib-browser").encode(), "SB_SCREENSHOT", screenshot.toString()))
        .result(Duration.ofSeconds(90));
    assertThat(outcome.getJsonArray("consoleErrors")).isEmpty();
    assertBasics(outcome.getJsonObject("result"), "lib-browser");
    assertThat(screenshot).isRegularFile();
  }

  @Test
  @DisplayName("4401: a client whose first token has expired calls getToken({reason: 'expired'}) and gets in with the new one")
  void expiredTokenCallsGetToken() throws Exception {
    JsonObject options = options("lib-expired", "lib-expired").put("expiredToken", expiredToken("lib-expired"));
    // a SockJS session opens before the bridge checks its token: open, then err TOKEN_EXPIRED and close 4401
    JsonObject result = scenario("client-lib.cjs", "expiredToken", options);
    assertThat(result.getJsonArray("reasons")).isEqualTo(new JsonArray().add("connect").add("expired"));
    assertThat(result.getJsonObject("reply").getString("user")).isEqualTo("lib-expired");
    assertThat(states(result)).containsSubsequence("connecting", "reconnecting", "connecting", "open");
    assertThat(result.getJsonArray("states").stream().map(JsonObject.class::cast)
        .filter(s -> "reconnecting".equals(s.getString("state"))).findFirst().orElseThrow().getInteger("code")).isEqualTo(4401);
  }

  @Test
  @DisplayName("4400: ten invalid frames close the socket and the client stops: state closed, final, no reconnect, no new token")
  void badFramesStop() throws Exception {
    JsonObject result = scenario("client-lib.cjs", "badFrames", options("lib-bad", "lib-bad"));
    assertThat(result.getString("state")).isEqualTo("closed");
    assertThat(states(result)).containsExactly("connecting", "open", "closed");
    JsonObject closed = result.getJsonArray("states").getJsonObject(2);
    assertThat(closed.getInteger("code")).isEqualTo(4400);
    assertThat(closed.getBoolean("final")).isTrue();
    assertThat(result.getInteger("tokens")).isEqualTo(1);
  }

  @Test
  @DisplayName("a subscription resuming from an epoch the room no longer has gets onReset (recovered: false), then the events after it")
  void unrecoverableGapCallsOnReset() throws Exception {
    JsonObject result = scenario("client-lib.cjs", "reset", options("lib-reset", "lib-reset"));
    JsonArray resets = result.getJsonArray("resets");
    assertThat(resets).hasSize(1);
    JsonObject info = resets.getJsonObject(0);
    assertThat(info.getBoolean("recovered")).isFalse();
    assertThat(info.getString("reason")).isEqualTo("recovery");
    assertThat(info.getInteger("before")).isEqualTo(2);
    assertThat(info.getString("beforeEpoch")).isEqualTo("an-epoch-that-is-gone");
    assertThat(info.getInteger("offset")).isEqualTo(3);
    assertThat(info.getString("epoch")).isEqualTo(result.getJsonObject("ack").getString("epoch"));
    assertThat(result.getJsonArray("globalResets").getJsonObject(0).getString("room")).isEqualTo("project:lib-reset");
    assertThat(result.getJsonArray("received")).isEqualTo(new JsonArray().add(4));
  }

  @Test
  @DisplayName("a subscription with types gets only those, in order, and takes the offsets they skip for the filter, not for a gap")
  void typesFilterIsNoGap() throws Exception {
    JsonObject result = scenario("client-lib.cjs", "types", options("lib-types", "lib-types"));
    assertThat(result.getJsonArray("received")).isEqualTo(new JsonArray("[[1,\"keep\"],[3,\"keep\"],[5,\"keep\"]]"));
    assertThat(result.getJsonArray("resets")).isEmpty();
    assertThat(result.getInteger("caughtUp")).isZero();
  }

  @Test
  @DisplayName("a publish whose socket drops before the ack is retried with the same id after the reconnect: one ack, one event")
  void publishRetrySameIdNoDuplicate() throws Exception {
    JsonObject result = scenario("client-lib.cjs", "publishRetry", options("lib-retry", "lib-retry"));
    String id = result.getString("id");
    assertThat(result.getJsonObject("ack").getString("id")).isEqualTo(id);
    assertThat(result.getJsonArray("retries")).isNotEmpty()
        .allSatisfy(r -> assertThat(((JsonObject) r).getString("id")).isEqualTo(id));
    assertThat(result.getInteger("opens")).isEqualTo(2);
    List<JsonObject> seen = result.getJsonArray("seen").stream().map(JsonObject.class::cast).toList();
    assertThat(seen.stream().filter(e -> id.equals(e.getString("id")))).hasSize(1);
    assertThat(seen.stream().map(e -> e.getInteger("offset")).toList())
        .isEqualTo(IntStream.rangeClosed(1, seen.size()).boxed().toList());
  }

  /**
   * Needs the server side of issue #18 ({@code sb.auth.refresh}, branch wave2-18-server): a token that expires in 6 s
   * is refreshed in band before its exp and the socket stays open past it.
   */
  @Test
  @DisplayName("a token about to expire is refreshed in band (sb.auth.refresh) before exp: one socket throughout, events still flow")
  void refreshesTokenInBand() throws Exception {
    JsonObject options = options("lib-refresh", "lib-refresh")
        .put("shortToken", issuer.issue("lib-refresh", List.of("publish"), List.of("lib-refresh"), Duration.ofSeconds(6)))
        .put("pastExpMs", 3000);
    JsonObject result = scenario("client-lib.cjs", "refresh", options);
    assertThat(result.getJsonArray("reasons")).isEqualTo(new JsonArray().add("connect").add("refresh"));
    assertThat(result.getJsonArray("refreshed")).hasSize(1);
    assertThat(result.getInteger("opens")).isEqualTo(1);
    assertThat(states(result)).containsExactly("connecting", "open", "closed");
  }

  private static void assertBasics(JsonObject result, String user) {
    assertThat(result.getJsonArray("received")).isEqualTo(new JsonArray(
        "[{\"offset\":1,\"type\":\"counter\",\"n\":1},{\"offset\":2,\"type\":\"counter\",\"n\":2},{\"offset\":3,\"type\":\"counter\",\"n\":3}]"));
    assertThat(result.getJsonArray("acks").stream().map(a -> ((JsonObject) a).getInteger("offset")).toList()).containsExactly(1, 2, 3);
    assertThat(result.getJsonObject("reply")).isEqualTo(new JsonObject()
        .put("echo", new JsonObject().put("hello", "library")).put("user", user));
    assertThat(result.getJsonObject("presence").getJsonArray("members").getJsonObject(0).getString("user")).isEqualTo(user);
    assertThat(result.getJsonObject("denied").getInteger("failureCode")).isEqualTo(403);
    assertThat(result.getJsonObject("denied").getString("failureType")).isEqualTo("ACCESS_DENIED");
    assertThat(states(result)).containsExactly("connecting", "open", "closed");
  }

  private static List<String> states(JsonObject result) {
    return result.getJsonArray("states").stream().map(s -> ((JsonObject) s).getString("state")).toList();
  }

  private static JsonObject scenario(String script, String name, JsonObject options) throws Exception {
    try (JsClients.Running running = JsClients.start(List.of(script, name), Map.of("SB_OPTIONS", options.encode()))) {
      return running.result(Duration.ofSeconds(90));
    }
  }

  private static JsonObject options(String user, String project) {
    return new JsonObject()
        .put("urls", new JsonArray().add("http://127.0.0.1:" + node.httpPort + "/eventbus"))
        .put("token", issuer.issue(user, List.of("publish"), List.of(project), Duration.ofHours(1)))
        .put("room", "project:" + project).put("deniedRoom", "project:not-" + project).put("echo", EchoNode.ECHO);
  }

  /** A token of {@code user} signed with the test key whose exp passed an hour ago. */
  private static String expiredToken(String user) {
    JWTAuth auth = JWTAuth.create(node.node.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestClusters.SECRET)));
    long now = System.currentTimeMillis() / 1000;
    return auth.generateToken(new JsonObject().put("sub", user).put("permissions", new JsonArray().add("publish"))
        .put("projects", new JsonArray().add(user)).put("iat", now - 7200).put("exp", now - 3600),
        new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }
}
