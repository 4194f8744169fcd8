package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node with every role under the shipped rules: the permissions and the allow-list of {@code conf/switchboard.json}
 * (so what is tested is what ships), except that {@code python3 -c} may run any short script here (the shipped one
 * allows only {@code print(...)}), so a test can make a process that prints and raises.
 */
final class DashboardNode implements AutoCloseable {

  static final Path SHIPPED_CONFIG = Path.of("../../conf/switchboard.json").toAbsolutePath().normalize();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final SwitchboardNode node;
  final int httpPort;
  final int managementPort;
  /** A token like the one a lone node prints: {@code sub: admin, permissions: ["admin"]}. */
  final String adminToken;

  private DashboardNode(SwitchboardNode node, int httpPort, int managementPort, String adminToken) {
    this.node = node;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.adminToken = adminToken;
  }

  static DashboardNode start(String name) throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(SHIPPED_CONFIG));
    JsonObject commands = shipped.getJsonObject("processes").getJsonObject("commands").copy()
        .put("python3", new JsonObject().put("path", "/usr/bin/python3").put("args", new JsonArray().add("-c").add(".{1,500}")));
    int clusterPort = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), name, clusterPort, List.of(clusterPort),
            "bridge", "broadcaster", "history", "processes")
        .put("permissions", shipped.getJsonObject("permissions").copy())
        .put("processes", new JsonObject().put("commands", commands));
    SwitchboardNode node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    String token = new TokenIssuer(node.vertx(), TestClusters.SECRET)
        .issue("admin", List.of(SwitchboardNode.ADMIN_AUTHORITY), List.of(), Duration.ofHours(1));
    return new DashboardNode(node, config.getJsonObject("http").getInteger("port"),
        config.getJsonObject("management").getInteger("port"), token);
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** GET on the bridge's port with the admin token; the body when 200. */
  String get(String route) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + route))
        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + route + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
