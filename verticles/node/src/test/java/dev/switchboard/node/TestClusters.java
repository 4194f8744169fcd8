package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** What the node's cluster tests share: a fresh cluster name, node configs, HTTP reads (ports and waiting: the testkit). */
final class TestClusters {

  /** The HS256 secret every test node shares. */
  static final String SECRET = "switchboard-test-secret-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private TestClusters() {
  }


  static String clusterName() {
    return "sb-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String members(List<Integer> clusterPorts) {
    return clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** A node config on loopback with the given roles. */
  static JsonObject nodeConfig(String cluster, String name, int clusterPort, List<Integer> memberPorts, String... roles) {
    return new JsonObject()
        .put("node", new JsonObject().put("name", name).put("roles", new JsonArray(List.of(roles))))
        .put("cluster", new JsonObject().put("name", cluster).put("host", "127.0.0.1").put("port", clusterPort)
            .put("members", new JsonArray(memberPorts.stream().map(p -> "127.0.0.1:" + p).toList())))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", LoopbackPorts.free()))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", LoopbackPorts.free()));
  }

  /** GET a URL; status -1 when nothing answers. */
  static Response get(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Response(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, e.toString());
    }
  }

  record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** The names of the members a node's /health lists, with their roles: {@code name=[roles]}. */
  static List<String> membersSeenBy(int managementPort) {
    Response health = get("http://127.0.0.1:" + managementPort + "/health");
    if (health.status() != 200 || health.json().getJsonArray("members") == null) {
      return List.of();
    }
    return health.json().getJsonArray("members").stream()
        .map(m -> ((JsonObject) m).getString("name") + "=" + ((JsonObject) m).getJsonArray("roles"))
        .sorted().toList();
  }
}
