package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.Addresses;
import io.vertx.core.eventbus.ReplyException;
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

/** The REST facade on a real node: each route is its bus request, with the same rules, statuses and bodies. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static SwitchboardNode node;
  private static String base;
  private static String writer;
  private static String reader;

  @BeforeAll
  static void start() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "rest", port, List.of(port),
            "history", "broadcaster", "processes", "bridge")
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray()
                .add(new JsonObject().put("address", "room.project:{projects[]}").put("authority", "publish"))
                .add(new JsonObject().put("address", "sb.history.replay"))
                .add(new JsonObject().put("address", "sb.presence.get"))
                .add(new JsonObject().put("address", "sb.processes.start").put("authority", "admin"))
                .add(new JsonObject().put("address", "sb.processes.list").put("authority", "admin"))
                .add(new JsonObject().put("address", "sb.processes.stop").put("authority", "admin"))
                .add(new JsonObject().put("address", "sb.processes.get").put("authority", "admin"))
                .add(new JsonObject().put("address", "sb.processes.commands").put("authority", "admin")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}"))))
        .put("processes", new JsonObject().put("commands", new JsonObject()
            .put("sleep", new JsonObject().put("path", "/bin/sleep").put("args", new JsonArray().add("[0-9]{1,3}")))));
    base = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port");
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    TokenIssuer issuer = new TokenIssuer(node.vertx(), TestClusters.SECRET);
    writer = issuer.issue("writer", List.of("publish", "admin"), List.of("1"), Duration.ofHours(1));
    reader = issuer.issue("reader", List.of(), List.of("2"), Duration.ofHours(1));
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("publish answers 202 {id, room, offset, epoch}; a repeat of the same id answers the same with duplicate:true")
  void publishAndHistory() throws Exception {
    JsonObject event = new JsonObject().put("type", "note").put("data", new JsonObject().put("text", "hi")).put("id", "rest-1");
    Answer first = call("POST", "/api/rooms/project:1/events", writer, event.encode());
    assertThat(first.status).isEqualTo(202);
    assertThat(first.json().getLong("offset")).isEqualTo(1L);
    Answer again = call("POST", "/api/rooms/project:1/events", writer, event.encode());
    assertThat(again.status).isEqualTo(202);
    assertThat(again.json().getBoolean("duplicate")).isTrue();
    assertThat(again.json().getLong("offset")).isEqualTo(1L);

    Answer history = call("GET", "/api/rooms/project:1/history?since=0", writer, null);
    assertThat(history.status).isEqualTo(200);
    assertThat(history.json().getJsonArray("events")).hasSize(1);
    assertThat(history.json().getBoolean("recovered")).isTrue();
    assertThat(history.json().getJsonArray("events").getJsonObject(0).getJsonObject("data")).isEqualTo(new JsonObject().put("text", "hi"));
  }

  @Test
  @DisplayName("no token 401, a room outside the rules 403, a bad room 400, a bad since 400 — each with {error, message}")
  void refusals() throws Exception {
    Answer anonymous = call("GET", "/api/rooms/project:1/history", null, null);
    assertThat(anonymous.status).isEqualTo(401);
    assertThat(anonymous.json().getString("message")).contains("a token is required");
    Answer forbidden = call("POST", "/api/rooms/project:2/events", reader, new JsonObject().put("type", "t").put("data", 1).encode());
    assertThat(forbidden.status).isEqualTo(403);
    assertThat(forbidden.json().getString("error")).isEqualTo("forbidden");
    Answer unreadable = call("GET", "/api/rooms/project:1/history", reader, null);
    assertThat(unreadable.status).isEqualTo(403);
    Answer badRoom = call("GET", "/api/rooms/lobby:1/history", writer, null);
    assertThat(badRoom.status).isEqualTo(400);
    assertThat(badRoom.json().getString("message")).contains("lobby");
    Answer badSince = call("GET", "/api/rooms/project:1/history?since=yesterday", writer, null);
    assertThat(badSince.status).isEqualTo(400);
    assertThat(badSince.json().getString("message")).contains("since must be a whole number, not \"yesterday\"");
    Answer notJson = call("POST", "/api/rooms/project:1/events", writer, "{nope");
    assertThat(notJson.status).isEqualTo(400);
    Answer processRoom = call("POST", "/api/rooms/errors/events", writer, new JsonObject().put("type", "t").put("data", 1).encode());
    assertThat(processRoom.status).isEqualTo(403);
  }

  @Test
  @DisplayName("every query parameter of the history route reaches the replay as a bus request would: since, limit, epoch")
  void historyParameters() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertThat(call("POST", "/api/rooms/project:1/events", writer,
          new JsonObject().put("type", "p").put("data", i).put("id", "param-" + i).encode()).status).isEqualTo(202);
    }
    JsonObject all = call("GET", "/api/rooms/project:1/history?since=0&limit=1000", writer, null).json();
    long newest = all.getLong("offset");
    String epoch = all.getString("epoch");

    JsonObject one = call("GET", "/api/rooms/project:1/history?since=" + (newest - 2) + "&limit=1", writer, null).json();
    assertThat(offsets(one)).containsExactly(newest - 1);
    assertThat(one.getBoolean("more")).isTrue();
    JsonObject newestTwo = call("GET", "/api/rooms/project:1/history?limit=2", writer, null).json();
    assertThat(offsets(newestTwo)).containsExactly(newest - 1, newest);
    JsonObject sameEpoch = call("GET", "/api/rooms/project:1/history?since=" + newest + "&epoch=" + epoch, writer, null).json();
    assertThat(sameEpoch.getBoolean("recovered")).isTrue();
    assertThat(sameEpoch.getJsonArray("events")).isEmpty();
    JsonObject otherEpoch = call("GET", "/api/rooms/project:1/history?since=" + newest + "&epoch=not-" + epoch, writer, null).json();
    assertThat(otherEpoch.getBoolean("recovered")).isFalse();

    for (String bad : List.of("limit=0", "limit=1001", "limit=x", "since=-1", "since=99999999999999999999")) {
      Answer refused = call("GET", "/api/rooms/project:1/history?" + bad, writer, null);
      assertThat(refused.status).as(bad).isEqualTo(400);
      assertThat(refused.json().getString("message")).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  @DisplayName("presence, process get and stop with graceMs take their parameters; a bad graceMs is 400")
  void otherParameters() throws Exception {
    Answer presence = call("GET", "/api/rooms/project:1/presence", writer, null);
    assertThat(presence.status).isEqualTo(200);
    assertThat(presence.json().getString("room")).isEqualTo("project:1");
    String id = call("POST", "/api/processes", writer,
        new JsonObject().put("command", "sleep").put("args", new JsonArray().add("30")).encode()).json().getString("id");
    Answer got = call("GET", "/api/processes/" + id, writer, null);
    assertThat(got.status).isEqualTo(200);
    assertThat(got.json().getString("id")).isEqualTo(id);
    Answer badGrace = call("DELETE", "/api/processes/" + id + "?graceMs=soon", writer, null);
    assertThat(badGrace.status).isEqualTo(400);
    assertThat(badGrace.json().getString("message")).contains("graceMs");
    Answer stopped = call("DELETE", "/api/processes/" + id + "?graceMs=100", writer, null);
    assertThat(stopped.status).isEqualTo(200);
    assertThat(stopped.json().getString("state")).isEqualTo("stopped");
    assertThat(call("GET", "/api/processes/no-such-process", writer, null).status).isEqualTo(404);
  }

  @Test
  @DisplayName("a publish of a reserved sb.* type is refused with 400, over REST and on the bus, and stores nothing")
  void reservedTypes() throws Exception {
    Answer rest = call("POST", "/api/rooms/project:1/events", writer,
        new JsonObject().put("type", "sb.recovery").put("data", new JsonObject().put("recovered", false)).encode());
    assertThat(rest.status).isEqualTo(400);
    assertThat(rest.json().getString("message")).contains("sb.recovery").contains("reserved");
    Throwable bus = node.vertx().eventBus().request(Addresses.BROADCAST_PUBLISH, new JsonObject().put("room", "project:1")
            .put("type", "sb.anything").put("data", 1)).toCompletionStage().toCompletableFuture()
        .handle((reply, e) -> e).get(10, TimeUnit.SECONDS);
    assertThat(bus).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) bus).failureCode()).isEqualTo(400);
    JsonObject history = call("GET", "/api/rooms/project:1/history?limit=1000", writer, null).json();
    assertThat(history.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")))
        .noneMatch(type -> type.startsWith("sb."));
  }

  private static List<Long> offsets(JsonObject replay) {
    return replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("offset")).toList();
  }

  @Test
  @DisplayName("processes: start 201, list, stop answers the ended record; status lists the node, its members and counts")
  void processesAndStatus() throws Exception {
    Answer started = call("POST", "/api/processes", writer, new JsonObject().put("command", "sleep").put("args", new JsonArray().add("30")).encode());
    assertThat(started.status).isEqualTo(201);
    String id = started.json().getString("id");
    assertThat(started.json().getString("state")).isEqualTo("running");
    Answer list = call("GET", "/api/processes", writer, null);
    assertThat(list.json().getJsonArray("processes").stream().map(p -> ((JsonObject) p).getString("id"))).contains(id);
    Answer stopped = call("DELETE", "/api/processes/" + id, writer, null);
    assertThat(stopped.status).isEqualTo(200);
    assertThat(stopped.json().getString("state")).isEqualTo("stopped");
    Answer notAllowed = call("POST", "/api/processes", reader, new JsonObject().put("command", "sleep").encode());
    assertThat(notAllowed.status).isEqualTo(403);

    Answer status = call("GET", "/api/status", reader, null);
    assertThat(status.status).isEqualTo(200);
    assertThat(status.json().getJsonObject("node").getString("name")).isEqualTo("rest");
    assertThat(status.json().getJsonArray("members").getJsonObject(0).getString("name")).isEqualTo("rest");
    assertThat(status.json().getInteger("processes")).isGreaterThanOrEqualTo(1);
    assertThat(status.json().containsKey("roomSockets")).as("room names without http.statusRoomsAuthority").isFalse();
    assertThat(status.json().getInteger("rooms")).isNotNull();
    Answer adminStatus = call("GET", "/api/status", writer, null);
    assertThat(adminStatus.json().containsKey("roomSockets")).as("room names for an admin").isTrue();
  }

  @Test
  @DisplayName("GET /api/processes pages with the list fields as query parameters; GET /api/commands shows the allow-list")
  void pagedProcessesAndCommands() throws Exception {
    List<String> started = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(call("POST", "/api/processes", writer, new JsonObject().put("command", "sleep")
          .put("args", new JsonArray().add("60")).encode()).json().getString("id"));
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Answer page = call("GET", "/api/processes?state=running&command=sleep&limit=1"
          + (cursor == null ? "" : "&cursor=" + cursor), writer, null);
      assertThat(page.status).isEqualTo(200);
      JsonArray processes = page.json().getJsonArray("processes");
      assertThat(processes).hasSizeLessThanOrEqualTo(1);
      processes.forEach(p -> assertThat(seen.add(((JsonObject) p).getString("id"))).as("on two pages").isTrue());
      cursor = page.json().getString("cursor");
      pages++;
    } while (cursor != null && pages < 100);
    assertThat(seen).containsAll(started);
    Answer two = call("GET", "/api/processes?state=running,stopped&state=exited&since=0&limit=2", writer, null);
    assertThat(two.status).isEqualTo(200);
    assertThat(two.json().getJsonArray("processes")).hasSize(2);
    assertThat(two.json().getString("cursor")).isNotBlank();
    for (String bad : List.of("limit=0", "limit=1001", "limit=x", "since=-1", "state=sleeping", "cursor=bm90LWpzb24",
        "cursor=" + "A".repeat(600), "limit=1&limit=2", "node=..%2Fetc")) {
      Answer refused = call("GET", "/api/processes?" + bad, writer, null);
      assertThat(refused.status).as(bad).isEqualTo(400);
      assertThat(refused.json().getString("message")).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }

    Answer commands = call("GET", "/api/commands", writer, null);
    assertThat(commands.status).isEqualTo(200);
    assertThat(commands.json().getJsonArray("commands").getJsonObject(0).getString("name")).isEqualTo("sleep");
    assertThat(commands.json().getJsonArray("commands").getJsonObject(0).getJsonArray("args")).containsExactly("[0-9]{1,3}");
    assertThat(commands.body).doesNotContain("/bin/sleep");
    assertThat(call("GET", "/api/commands", reader, null).status).isEqualTo(403);
    for (String id : started) {
      assertThat(call("DELETE", "/api/processes/" + id + "?graceMs=0", writer, null).status).isEqualTo(200);
    }
  }

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
