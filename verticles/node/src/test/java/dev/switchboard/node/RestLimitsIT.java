package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #15 on a real node: the REST rate limit per caller, and history.maxRooms reaching a REST publisher as 429. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestLimitsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static SwitchboardNode node;
  private static String base;
  private static TokenIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "limits", port, List.of(port),
            "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray()
                .add(new JsonObject().put("address", "room.project:{projects[]}"))
                .add(new JsonObject().put("address", "sb.history.replay")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}"))))
        .put("history", new JsonObject().put("maxRooms", 1));
    config.getJsonObject("http").put("requestsPerSecond", 5).put("requestBurst", 5);
    base = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port");
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    issuer = new TokenIssuer(node.vertx(), TestClusters.SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("requestsPerSecond 5 / burst 5: a caller's 6th quick request is 429 {error, message} naming the limit;"
      + " another caller is unaffected")
  void ratePerCaller() throws Exception {
    String first = token("rate-a");
    for (int i = 1; i <= 5; i++) {
      assertThat(call("GET", "/api/rooms/project:1/history", first, null).status).as("request %s", i).isEqualTo(200);
    }
    Answer sixth = call("GET", "/api/rooms/project:1/history", first, null);
    assertThat(sixth.status).isEqualTo(429);
    assertThat(sixth.json().getString("error")).isEqualTo("limit");
    assertThat(sixth.json().getString("message")).contains("http.requestsPerSecond");
    assertThat(call("GET", "/api/rooms/project:1/history", token("rate-b"), null).status).isEqualTo(200);
  }

  @Test
  @DisplayName("history.maxRooms 1: a publish into a second room is 429 naming maxRooms; the first room keeps working")
  void maxRooms() throws Exception {
    String writer = token("rooms-writer");
    String event = new JsonObject().put("type", "note").put("data", new JsonObject().put("n", 1)).encode();
    assertThat(call("POST", "/api/rooms/project:1/events", writer, event).status).isEqualTo(202);
    Answer second = call("POST", "/api/rooms/project:2/events", writer, event);
    assertThat(second.status).isEqualTo(429);
    assertThat(second.json().getString("error")).isEqualTo("limit");
    assertThat(second.json().getString("message")).contains("history.maxRooms (1)");
    assertThat(call("POST", "/api/rooms/project:1/events", writer, event).status).isEqualTo(202);
  }

  private static String token(String sub) {
    return issuer.issue(sub, List.of(), List.of("1", "2"), Duration.ofHours(1));
  }

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json").header("Authorization", "Bearer " + token);
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
