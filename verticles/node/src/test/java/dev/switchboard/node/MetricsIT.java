package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.Addresses;
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
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code switchboard_*} metric that the metrics table of docs/operations.md documents exists on {@code /metrics} of a node that
 * has done some work, with the documented type and labels; and every expression of {@code conf/grafana-dashboard.json}
 * names only metrics that exist there. The list is parsed from docs/operations.md, so the doc and this test cannot drift.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {

  static final Path README = Path.of("../../docs/operations.md").toAbsolutePath().normalize();
  static final Path GRAFANA = Path.of("../../conf/grafana-dashboard.json").toAbsolutePath().normalize();
  /** A README table row: | `switchboard_x` | type | `label`, `label` | meaning |. */
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`(switchboard_[a-z_]+)`\\s*\\|\\s*(counter|gauge|histogram)\\s*\\|([^|]*)\\|");
  private static final Pattern LABEL = Pattern.compile("`([a-z_]+)`");
  /** A sample line: name, then labels or a space. */
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s");
  private static final Set<String> PROMQL_WORDS = Set.of(
      "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
      "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool",
      "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile", "label_replace", "label_join",
      "abs", "ceil", "floor", "round", "clamp_min", "clamp_max", "vector", "scalar", "time", "sort", "sort_desc",
      "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "last_over_time",
      "absent", "changes", "resets", "le", "inf", "nan");

  private static DashboardNode node;
  private static String metrics;

  record Documented(String name, String type, List<String> labels) {
  }

  @BeforeAll
  static void startAndWork() throws Exception {
    node = DashboardNode.start("metrics");
    HttpClient http = HttpClient.newHttpClient();
    String ws = "ws://127.0.0.1:" + node.httpPort + "/eventbus/websocket?token=";

    // An admin socket: register, ping, send, publish, unregister; receives an event (delivered, delivery latency).
    Frames admin = Frames.open(http, ws + node.adminToken);
    admin.send(new JsonObject().put("type", "register").put("address", "room.global"));
    admin.send(new JsonObject().put("type", "ping"));
    admin.send(new JsonObject().put("type", "send").put("address", Addresses.PROCESSES_LIST).put("replyAddress", "r1")
        .put("body", new JsonObject()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    JsonObject event = null;
    while (event == null && System.nanoTime() < deadline) { // until the node's subscription to the room has settled
      node.node.vertx().eventBus().request(Addresses.BROADCAST_PUBLISH, new JsonObject().put("room", "global")
          .put("type", "metrics.probe").put("data", new JsonObject())).await(10, TimeUnit.SECONDS);
      event = admin.next(f -> "rec".equals(f.getString("type")) && "room.global".equals(f.getString("address")), 300);
    }
    assertThat(event).as("an event delivered on room.global").isNotNull();
    admin.send(new JsonObject().put("type", "publish").put("address", "room.global")
        .put("body", new JsonObject().put("type", "metrics.publish").put("data", new JsonObject())));
    admin.send(new JsonObject().put("type", "unregister").put("address", "room.global"));

    // A socket without permissions: a refused register, then bad frames until the bridge closes it.
    String nobody = new TokenIssuer(node.node.vertx(), TestClusters.SECRET).issue("nobody", List.of(), List.of(), Duration.ofHours(1));
    Frames refused = Frames.open(http, ws + nobody);
    refused.send(new JsonObject().put("type", "register").put("address", "room.errors"));
    assertThat(refused.next(f -> "err".equals(f.getString("type")), 5000)).isNotNull();
    for (int i = 0; i < 12 && !refused.closed.isDone(); i++) {
      refused.socket.sendText("not json " + i, true).get(5, TimeUnit.SECONDS);
    }
    refused.closed.get(10, TimeUnit.SECONDS);

    // A process that prints and raises: a start, an error detected.
    node.node.vertx().eventBus().request(Addresses.PROCESSES_START, new JsonObject().put("command", "python3")
        .put("args", new JsonArray().add("-c").add("print('hello'); raise ValueError('boom')"))).await(10, TimeUnit.SECONDS);
    Poll.until("the python error in /metrics", Duration.ofSeconds(15),
        () -> scrape().contains("switchboard_process_errors_total{category=\"runtime\",language=\"python\""));
    metrics = scrape();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/metrics-sample.txt"), metrics);
    admin.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("10,000 hostile requests (made-up methods, random paths, rooms and users) leave /metrics bounded")
  void hostileRequestsDoNotGrowMetrics() throws Exception {
    String base = "http://127.0.0.1:" + node.httpPort;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    TokenIssuer issuer = new TokenIssuer(node.node.vertx(), TestClusters.SECRET);
    // a first round of each kind, so that the series every kind makes once already exist
    hostileRound(http, base, issuer, 0, 40);
    long before = scrape().lines().count();
    hostileRound(http, base, issuer, 40, 10_000);
    String after = scrape();
    assertThat(after.lines().count() - before).as("lines added to /metrics by 10,000 hostile requests").isLessThan(20);
    assertThat(after).doesNotContain("method=\"M5000\"").doesNotContain("user-5000").doesNotContain("/p5000");
    assertThat(after).contains("method=\"OTHER\"");
  }

  /** Requests {@code from} to {@code to}: a made-up method, an unknown path, a history read as a new user of a new room. */
  private static void hostileRound(HttpClient http, String base, TokenIssuer issuer, int from, int to) throws Exception {
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = from; i < to; i++) {
      HttpRequest request = switch (i % 3) {
        case 0 -> HttpRequest.newBuilder(URI.create(base + "/p" + i)).method("M" + i, HttpRequest.BodyPublishers.noBody()).build();
        case 1 -> HttpRequest.newBuilder(URI.create(base + "/p" + i + "/x?y=" + i)).GET().build();
        default -> HttpRequest.newBuilder(URI.create(base + "/api/rooms/project:" + i + "/history"))
            .header("Authorization", "Bearer " + issuer.issue("user-" + i, List.of(), List.of(String.valueOf(i)),
                Duration.ofMinutes(5))).GET().build();
      };
      inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      if (inFlight.size() == 32) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("every switchboard_* metric of docs/operations.md's table is on /metrics with its type and labels")
  void documentedMetricsExist() throws Exception {
    List<Documented> documented = documented();
    assertThat(documented).extracting(Documented::name).contains("switchboard_bridge_sockets", "switchboard_delivery_seconds")
        .hasSizeGreaterThanOrEqualTo(10);
    Set<String> samples = sampleNames(metrics);
    List<String> missing = new ArrayList<>();
    for (Documented d : documented) {
      String family = d.type().equals("counter") ? d.name().replaceFirst("_total$", "") : d.name();
      String sample = d.type().equals("histogram") ? d.name() + "_bucket" : d.name();
      boolean typed = metrics.contains("# TYPE " + d.name() + " " + d.type() + "\n") // text format 0.0.4
          || metrics.contains("# TYPE " + family + " " + d.type() + "\n"); // OpenMetrics names the family without _total
      if (!typed || !samples.contains(sample)) {
        missing.add(d.name() + " (" + d.type() + ")");
        continue;
      }
      List<String> lines = metrics.lines().filter(l -> l.startsWith(sample + "{") || l.startsWith(sample + " ")).toList();
      for (String label : d.labels()) {
        assertThat(lines).as(d.name() + " has the label " + label).anySatisfy(l -> assertThat(l).contains(label + "=\""));
      }
    }
    assertThat(missing).as("documented in docs/operations.md but not on /metrics").isEmpty();
    assertThat(metrics).contains("switchboard_node_info{node=\"metrics\",roles=\"history,broadcaster,processes,bridge\"} 1");
    assertThat(metrics).contains("switchboard_bridge_refused_total{reason=\"access_denied\"}")
        .contains("switchboard_bridge_closed_total{reason=\"bad_frames\"}")
        .contains("switchboard_process_starts_total{result=\"started\"}");
  }

  @Test
  @DisplayName("conf/grafana-dashboard.json imports into Grafana and charts only metrics that exist on /metrics")
  void grafanaDashboardUsesExistingMetrics() throws Exception {
    JsonObject board = new JsonObject(Files.readString(GRAFANA));
    assertThat(board.getInteger("schemaVersion")).isBetween(36, 41);
    assertThat(board.getJsonArray("__inputs").getJsonObject(0).getString("name")).isEqualTo("DS_PROMETHEUS");
    assertThat(board.getJsonArray("__inputs").getJsonObject(0).getString("pluginId")).isEqualTo("prometheus");
    Set<String> samples = sampleNames(metrics);
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (Object p : board.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      if ("row".equals(panel.getString("type"))) {
        continue;
      }
      assertThat(panel.getJsonObject("datasource").getString("uid")).as(panel.getString("title")).isEqualTo("${DS_PROMETHEUS}");
      JsonArray targets = panel.getJsonArray("targets");
      assertThat(targets).as(panel.getString("title") + " has queries").isNotEmpty();
      for (Object t : targets) {
        used.computeIfAbsent(panel.getString("title"), k -> new TreeSet<>()).addAll(metricNames(((JsonObject) t).getString("expr")));
      }
    }
    assertThat(used).hasSizeGreaterThanOrEqualTo(9);
    used.forEach((title, names) -> {
      assertThat(names).as(title + " queries a metric").isNotEmpty();
      assertThat(names).as(title + ": metrics missing from /metrics").allSatisfy(n -> {
        assertThat(n).matches("(switchboard|vertx|jvm)_.*");
        assertThat(samples).contains(n);
      });
    });
  }

  static List<Documented> documented() throws Exception {
    List<Documented> rows = new ArrayList<>();
    for (String line : Files.readAllLines(README)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        List<String> labels = new ArrayList<>();
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.add(l.group(1));
        }
        rows.add(new Documented(m.group(1), m.group(2), labels));
      }
    }
    return rows;
  }

  static Set<String> sampleNames(String text) {
    Set<String> names = new TreeSet<>();
    text.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
      Matcher m = SAMPLE.matcher(l);
      if (m.find()) {
        names.add(m.group(1));
      }
    });
    return names;
  }

  /** The metric names of a PromQL expression: identifiers outside label matchers, ranges and strings, minus PromQL's words. */
  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
        .replaceAll("(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "$1");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
    while (m.find()) {
      String word = m.group();
      if (!PROMQL_WORDS.contains(word.toLowerCase()) && !word.startsWith("$")) {
        names.add(word);
      }
    }
    return names;
  }

  private static String scrape() {
    TestClusters.Response response = TestClusters.get("http://127.0.0.1:" + node.managementPort + "/metrics");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  /** A raw WebSocket on /eventbus/websocket: JSON frames out, frames in on a queue. */
  private static final class Frames implements WebSocket.Listener {
    final BlockingQueue<JsonObject> in = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Frames open(HttpClient http, String url) throws Exception {
      Frames frames = new Frames();
      frames.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), frames).get(10, TimeUnit.SECONDS);
      return frames;
    }

    void send(JsonObject frame) throws Exception {
      socket.sendText(frame.encode(), true).get(5, TimeUnit.SECONDS);
    }

    /** The next frame that matches, skipping others; null after the wait. */
    JsonObject next(java.util.function.Predicate<JsonObject> match, long waitMs) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
      for (long left = waitMs; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
        JsonObject frame = in.poll(left, TimeUnit.MILLISECONDS);
        if (frame != null && match.test(frame)) {
          return frame;
        }
      }
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        in.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
