package dev.switchboard.loadgen;

import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded load generator against a real node started from its fat jar (copied first), each a JVM of its own, the
 * way a user runs them: the generator's one JSON line is read and checked.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadgenIT {

  private static final String SECRET = "loadgen-it-secret-0123456789";

  @TempDir
  static Path dir;
  private static Process node;
  private static Path nodeLog;
  private static String bridgeUrl;

  @BeforeAll
  static void startNode() throws Exception {
    Path jar = Files.copy(jar("switchboard.jar", "../../verticles/node/target/switchboard.jar"), dir.resolve("switchboard.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    int httpPort = LoopbackPorts.free();
    int managementPort = LoopbackPorts.free();
    int clusterPort = LoopbackPorts.free();
    JsonObject conf = new JsonObject()
        .put("cluster", new JsonObject().put("name", "loadgen-it-" + UUID.randomUUID().toString().substring(0, 8))
            .put("host", "127.0.0.1").put("port", clusterPort).put("members", new JsonArray().add("127.0.0.1:" + clusterPort)))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", managementPort))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("algorithm", "HS256").put("secret", SECRET)))
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray().add(new JsonObject().put("address", "room.project:*").put("authority", "bench")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:*").put("authority", "bench"))))
        .put("bridge", new JsonObject().put("inboundPerSecond", 100_000).put("inboundBurst", 100_000));
    Path confFile = Files.writeString(dir.resolve("node.json"), conf.encodePrettily());
    nodeLog = dir.resolve("node.log");
    node = new ProcessBuilder(java(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--conf", confFile.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(nodeLog.toFile()).start();
    bridgeUrl = "http://127.0.0.1:" + httpPort + "/eventbus";
    awaitReady("http://127.0.0.1:" + managementPort + "/ready");
  }

  @AfterAll
  static void stopNode() throws InterruptedException {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(15, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("fanout, 50 subscribers for 2 s on the raw endpoint: one JSON line, nothing lost, every figure sane")
  void fanout() throws Exception {
    JsonObject r = loadgen("--scenario", "fanout", "-n", "50", "--rate", "20", "--warmup", "1", "--duration", "2",
        "--drain", "10");
    assertThat(r.getString("tool")).isEqualTo("switchboard-loadgen");
    assertThat(r.getString("scenario")).isEqualTo("fanout");
    assertThat(r.getString("transport")).isEqualTo("raw");
    assertThat(r.getInteger("subscribers")).isEqualTo(50);
    assertThat(r.getLong("measuredPublishes")).isEqualTo(40);
    assertThat(r.getLong("expected")).isEqualTo(50 * 40);
    assertThat(r.getLong("delivered")).isEqualTo(50 * 40);
    assertThat(r.getLong("lost")).isZero();
    assertThat(r.getLong("duplicates")).isZero();
    assertThat(r.getLong("misrouted")).isZero();
    assertThat(r.getDouble("deliveredPerSec")).isBetween(500.0, 1500.0);
    JsonObject latency = r.getJsonObject("latencyMs");
    assertThat(latency.getLong("count")).isEqualTo(50 * 40);
    assertThat(latency.getDouble("p50")).isPositive().isLessThanOrEqualTo(latency.getDouble("p99"));
    assertThat(latency.getDouble("p99")).isLessThanOrEqualTo(latency.getDouble("max"));
    JsonObject server = r.getJsonObject("server");
    assertThat(server.getLong("pid")).isEqualTo(node.pid());
    assertThat(server.getDouble("cpuUsPerDelivery")).isPositive();
    assertThat(server.getLong("rssKiB")).isPositive();
    JsonObject generator = r.getJsonObject("generator");
    assertThat(generator.getDouble("cpuPct")).isPositive();
    assertThat(generator.getJsonObject("loopDelayMs").getValue("p99")).isInstanceOf(Number.class);
    assertThat(generator.getValue("bound")).isInstanceOf(Boolean.class);
    assertThat(r.getJsonObject("errors")).isEmpty();
  }

  @Test
  @DisplayName("replay over SockJS: every reconnect gets the 100 events after since, in order, none refused")
  void replay() throws Exception {
    JsonObject r = loadgen("--scenario", "replay", "--transport", "sockjs", "--rate", "10", "--warmup", "0.5",
        "--duration", "2");
    assertThat(r.getString("transport")).isEqualTo("sockjs");
    assertThat(r.getLong("newestOffset")).isEqualTo(120);
    assertThat(r.getLong("reconnects")).isEqualTo(20);
    assertThat(r.getLong("completed")).isEqualTo(20);
    assertThat(r.getLong("failed")).isZero();
    assertThat(r.getLong("outOfOrder")).isZero();
    assertThat(r.getJsonObject("registerToReplayedMs").getLong("count")).isEqualTo(20);
    assertThat(r.getJsonObject("registerToReplayedMs").getDouble("p99")).isPositive();
    assertThat(r.getJsonObject("server").getDouble("cpuUsPerReplay")).isPositive();
  }

  /** Runs the shaded generator against the node; its exit code is 0 and its stdout exactly one JSON line. */
  private static JsonObject loadgen(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar",
        jar("loadgen.jar", "target/switchboard-loadgen.jar").toString(), "--url", bridgeUrl, "--secret", SECRET,
        "--server-pid", String.valueOf(node.pid()), "--event-loops", "2", "--json"));
    command.addAll(List.of(args));
    String name = args[1];
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process run = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean ended = run.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      run.destroyForcibly();
    }
    String diagnostics = "\n--- loadgen stderr ---\n" + Files.readString(err) + "\n--- node log ---\n" + Files.readString(nodeLog);
    assertThat(ended).as("loadgen ended" + diagnostics).isTrue();
    assertThat(run.exitValue()).as("exit code" + diagnostics).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).as("stdout" + diagnostics).hasSize(1);
    assertThat(Files.readString(err)).contains(name + " transport=");
    return new JsonObject(lines.get(0));
  }

  private static Path jar(String property, String fallback) {
    Path jar = Path.of(System.getProperty(property, fallback));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " not found: build with mvn package -pl tools/loadgen -am");
    }
    return jar;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void awaitReady(String url) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!node.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    String log;
    try {
      log = Files.readString(nodeLog);
    } catch (IOException e) {
      log = e.toString();
    }
    throw new AssertionError("the node did not become ready at " + url + "\n--- node log ---\n" + log);
  }
}
