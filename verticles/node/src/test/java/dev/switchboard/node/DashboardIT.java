package dev.switchboard.node;

import dev.switchboard.bridge.auth.SignInCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard at {@code /}, used in headless Chromium through {@code clients/test/dashboard.mjs}. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardIT {

  private static DashboardNode node;
  private static JsonObject outcome;
  private static AssertionError failed;
  private static final Path SCREENSHOT = Path.of("target/screenshots/dashboard.png").toAbsolutePath();

  @BeforeAll
  static void start() throws Exception {
    JsClients.check();
    node = DashboardNode.start("dash");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** One run of the browser scenario (about 15 s of Chromium) serves every test that asserts on it. */
  private static synchronized JsonObject scenario() throws Exception {
    if (failed != null) {
      throw failed;
    }
    if (outcome == null) {
      Files.deleteIfExists(SCREENSHOT);
      long began = System.nanoTime();
      try {
        outcome = JsClients.run("dashboard.mjs", Map.of("SB_BASE", node.base(), "SB_TOKEN", node.adminToken,
            "SB_SIGNIN", SignInCodes.of(node.node.vertx()).issue(), "SB_SCREENSHOT", SCREENSHOT.toString()));
      } catch (AssertionError e) {
        failed = e;
        throw e;
      }
      System.out.printf("dashboard scenario: %d ms, steps %s%n", (System.nanoTime() - began) / 1_000_000,
          outcome.getJsonArray("steps"));
    }
    return outcome;
  }

  @Test
  @DisplayName("the page and its vendored client libraries come from the jar, with a strict CSP and no referrer")
  void servesThePage() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(node.base() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(index.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("default-src 'self'").contains("script-src 'self'"));
    assertThat(index.headers().firstValue("referrer-policy")).contains("no-referrer");
    assertThat(index.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(index.body()).contains("vendor/sockjs.min.js").contains("vendor/vertx-eventbus.js")
        .contains("lib/switchboard-client.js").doesNotContain("https://");
    for (String file : List.of("/dashboard.js", "/dashboard.css", "/charts.js", "/vendor/sockjs.min.js", "/vendor/vertx-eventbus.js",
        "/lib/switchboard-client.js")) {
      assertThat(http.send(HttpRequest.newBuilder(URI.create(node.base() + file)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode()).as(file).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("Chromium: sign in, see the cluster, run python3 and see its output and error, stop a sleep, recover a room; no console errors")
  void dashboardInChromium() throws Exception {
    Path screenshot = SCREENSHOT;
    JsonObject outcome = scenario();
    JsonObject results = outcome.getJsonObject("results");

    assertThat(outcome.getJsonArray("consoleErrors")).isEmpty();
    assertThat(results.getJsonObject("signOut").getString("tokenKept")).isNull();
    assertThat(results.getJsonObject("signInLink").getBoolean("codeInUrl")).isFalse();
    assertThat(results.getJsonObject("signInLink").getBoolean("tokenKept")).isTrue();
    assertThat(results.getJsonObject("signInLink").getString("second")).contains("already used");
    assertThat(results.getJsonObject("signIn").getBoolean("tokenInUrl")).isFalse();
    assertThat(results.getJsonObject("signIn").getBoolean("tokenKept")).isTrue();

    JsonArray lines = results.getJsonArray("python");
    assertThat(lines.stream().map(JsonObject.class::cast).filter(l -> "stdout".equals(l.getString("stream")))
        .map(l -> l.getString("text"))).anySatisfy(t -> assertThat(t).endsWith("hello\n"));
    assertThat(lines.stream().map(JsonObject.class::cast).filter(l -> "stderr".equals(l.getString("stream")))
        .map(l -> l.getString("text"))).anySatisfy(t -> assertThat(t).contains("stderr").endsWith("ValueError: boom\n"));
    JsonObject error = results.getJsonObject("error");
    assertThat(error.getString("category")).isEqualTo("runtime");
    assertThat(error.getString("language")).isEqualTo("python");
    assertThat(error.getString("message")).contains("ValueError").contains("boom");
    assertThat(error.getString("processId")).isEqualTo(results.getString("pythonId"));
    assertThat(error.getString("where")).isEqualTo("<string>:1");

    JsonObject sleep = results.getJsonObject("sleep").getJsonObject("record");
    assertThat(sleep.getString("command")).isEqualTo("sleep");
    assertThat(sleep.getString("state")).isEqualTo("stopped");

    assertThat(results.getJsonObject("resumed").getJsonArray("offsets")).containsExactly(4, 3, 2, 1);
    assertThat(results.getJsonObject("resumed").getInteger("opens")).isEqualTo(2);
    assertThat(results.getJsonObject("reloaded").getString("notice")).contains("missed events could not be recovered — reloaded");
    assertThat(results.getJsonObject("reloaded").getString("feedNotice")).contains("missed events could not be recovered — reloaded");
    assertThat(results.getJsonObject("reloaded").getJsonArray("offsets")).containsExactly(4, 3, 2, 1);
    assertThat(results.getJsonObject("recoveryFrame").getJsonArray("offsets")).containsExactly(4, 3, 2, 1);
    assertThat(results.getJsonObject("recoveryFrame").getString("feedNotice")).contains("missed events could not be recovered — reloaded");
    assertThat(results.getString("connection")).isEqualTo("connected");
    assertThat(screenshot).isRegularFile();
    assertThat(screenshot.resolveSibling("dashboard-recovered.png")).isRegularFile();
  }

  @Test
  @DisplayName("the cluster card's process count is the number of rows in the process table below it, from the first row on")
  void cardAgreesWithTheList() throws Exception {
    JsonObject results = scenario().getJsonObject("results");
    JsonObject first = results.getJsonObject("cardAtFirstProcess");
    assertThat(first.getString("card")).as("the card when the first row appeared").isEqualTo(String.valueOf(first.getInteger("rows")));
    JsonObject shown = results.getJsonObject("status").getJsonObject("shown");
    assertThat(shown.getInteger("processes")).isEqualTo(shown.getInteger("processRows")).isEqualTo(2);
  }

  @Test
  @DisplayName("the live charts are drawn from samples: events in and out, sockets, recovery notices, processes by state per node")
  void chartsRender() throws Exception {
    List<JsonObject> charts = scenario().getJsonObject("results").getJsonArray("charts").stream().map(JsonObject.class::cast).toList();
    assertThat(charts.stream().map(c -> c.getString("name")))
        .contains("events", "sockets", "recoveries", "processes:dash");
    assertThat(charts).allSatisfy(c -> {
      assertThat(c.getInteger("samples")).as(c.getString("name")).isGreaterThanOrEqualTo(2);
      assertThat(c.getInteger("points")).as(c.getString("name")).isEqualTo(c.getInteger("samples"));
    });
    JsonObject sockets = charts.stream().filter(c -> c.getString("name").equals("sockets")).findFirst().orElseThrow();
    assertThat(new JsonArray(sockets.getString("last")).getInteger(0)).as("this page's socket at least").isPositive();
    JsonObject processes = charts.stream().filter(c -> c.getString("name").equals("processes:dash")).findFirst().orElseThrow();
    assertThat(processes.getInteger("lines")).isEqualTo(3);
    JsonArray last = new JsonArray(processes.getString("last"));
    assertThat(last.getInteger(0) + last.getInteger(1) + last.getInteger(2)).as("running + ended + failing on dash").isEqualTo(2);
    JsonObject notices = charts.stream().filter(c -> c.getString("name").equals("recoveries")).findFirst().orElseThrow();
    assertThat(new JsonArray(notices.getString("last")).getInteger(0)).as("the two reloads of the scenario").isEqualTo(2);
  }

  @Test
  @DisplayName("the cluster card shows what GET /api/status says: node, members and roles, sockets, rooms")
  void agreesWithStatus() throws Exception {
    JsonObject outcome = scenario();
    JsonObject shown = outcome.getJsonObject("results").getJsonObject("status").getJsonObject("shown");
    JsonObject api = outcome.getJsonObject("results").getJsonObject("status").getJsonObject("api");
    JsonObject status = new JsonObject(node.get("/api/status"));

    assertThat(shown.getString("node")).isEqualTo(status.getJsonObject("node").getString("name")).isEqualTo("dash");
    assertThat(shown.getJsonArray("members")).isEqualTo(status.getJsonArray("members"));
    assertThat(shown.getInteger("sockets")).isEqualTo(api.getInteger("sockets")).isPositive();
    assertThat(shown.getInteger("rooms")).isEqualTo(api.getInteger("rooms")).isPositive();
  }
}
