package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.TestCertificates;
import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.tls} across three node JVMs from the fat jar: A and B hold certificates from one CA, C from another.
 * C still joins the Hazelcast cluster (open-source Hazelcast has no TLS), but the event bus shuts it out both ways.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@DisplayName("cluster.tls: mutual TLS on the event bus")
class ClusterTlsIT {

  private static final String ROOM = "project:tls";
  private static final Duration STARTUP = Duration.ofSeconds(90);
  /** How long a frame that was sent would take at most to arrive, once the same path has delivered one. */
  private static final long QUIET_MS = 3_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  private NodeCluster cluster;
  private Vertx clients;
  private final List<SocketClient> sockets = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    sockets.forEach(SocketClient::close);
    if (clients != null) {
      clients.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("A and B (CA1) deliver to each other; C (CA2) is a Hazelcast member but can neither start a process,"
      + " nor publish to A/B's sockets, nor receive A/B's events")
  void foreignCertificateIsShutOut() throws Exception {
    TestCertificates ca1 = TestCertificates.authority(dir, "ca1");
    TestCertificates ca2 = TestCertificates.authority(dir, "ca2");
    cluster = NodeCluster.of(dir, "cluster-tls", 3, NodeCluster.faultConfig("memory"));
    NodeProcess a = cluster.start(0, "bridge,broadcaster,history,processes", ca1.issue("a").env());
    NodeProcess b = cluster.start(1, "bridge,broadcaster", ca1.issue("b").env());
    NodeProcess c = cluster.start(2, "bridge,broadcaster", ca2.issue("c").env());
    // Hazelcast membership is not what cluster.tls protects: C is listed by every member
    cluster.awaitMembers(STARTUP, List.of(a, b, c));

    clients = Vertx.vertx();
    String token = new TokenIssuer(clients, TestClusters.SECRET)
        .issue("tls-test", List.of("admin"), List.of("tls"), Duration.ofHours(1));
    SocketClient onA = socket(a, token);
    SocketClient onB = socket(b, token);
    SocketClient onC = socket(c, token);
    for (NodeProcess node : List.of(a, b, c)) {
      awaitOrDump("a socket in " + ROOM + " on " + node.name, () -> socketsInRoom(node, token) == 1);
    }

    // positive controls: over TLS, an event published on A reaches B's socket, and one published on B reaches A's
    assertThat(publish(a, token, "from-a").status()).isEqualTo(202);
    awaitEvent(onB, "from-a");
    awaitEvent(onA, "from-a");
    assertThat(publish(b, token, "from-b").status()).isEqualTo(202);
    awaitEvent(onA, "from-b");
    awaitEvent(onB, "from-b");
    // C's socket was listed in the room before either event: neither reaches it
    assertThat(eventsWithin(onC, QUIET_MS)).as("events C's socket received from A and B").isEmpty();

    // C's publish needs the history node (A) over the bus: never reaches it, nor A's and B's sockets
    Answer fromC = publish(c, token, "from-c");
    assertThat(fromC.status()).as("C's publish: " + fromC.body()).isEqualTo(503);
    assertThat(eventsWithin(onA, QUIET_MS)).as("events A's socket received from C").isEmpty();
    assertThat(eventsWithin(onB, 0)).as("events B's socket received from C").isEmpty();
    assertThat(eventsWithin(onC, 0)).isEmpty();

    // C's process start never reaches A, the only processes node
    Answer start = call(c, "POST", "/api/processes", token, sleep());
    assertThat(start.status()).as("C's process start: " + start.body()).isEqualTo(503);
    assertThat(processIds(a, token)).as("processes on A after C's start").isEmpty();
    Answer fromB = call(b, "POST", "/api/processes", token, sleep());
    assertThat(fromB.status()).as("B's process start: " + fromB.body()).isEqualTo(201);
    assertThat(processIds(a, token)).containsExactly(fromB.json().getString("id"));

    assertThat(a.output()).doesNotContain("not encrypted or authenticated");
    assertThat(c.alive()).isTrue();
  }

  @Test
  @DisplayName("cluster.tls with a path missing, or naming a file that is not there, stops the node with exit code 2"
      + " and one line naming the key")
  void badTlsConfig() throws Exception {
    Path jar = NodeProcess.copyJar(dir);
    TestCertificates.Issued issued = TestCertificates.authority(dir, "ca").issue("n");
    NodeProcess partial = NodeProcess.start(jar, dir, "partial", List.of(),
        Map.of("SWITCHBOARD_CLUSTER_TLS_CERTPATH", issued.cert().toString()));
    String missing = dir.resolve("absent.key").toString();
    Map<String, String> absentKey = new HashMap<>(issued.env());
    absentKey.put("SWITCHBOARD_CLUSTER_TLS_KEYPATH", missing);
    NodeProcess absent = NodeProcess.start(jar, dir, "absent", List.of(), absentKey);
    try {
      assertThat(partial.waitForExit(30_000)).as(partial.output()).isEqualTo(2);
      assertThat(partial.output().strip()).isEqualTo("switchboard: invalid config: cluster.tls.keyPath = null (expected a path:"
          + " cluster.tls needs certPath, keyPath and caPath all set, or none)");
      assertThat(absent.waitForExit(30_000)).as(absent.output()).isEqualTo(2);
      assertThat(absent.output().strip()).isEqualTo("switchboard: invalid config: cluster.tls.keyPath = \"" + missing + "\""
          + " (expected a readable PEM private key in PKCS#8 (BEGIN PRIVATE KEY); cannot read it: NoSuchFileException)");
    } finally {
      partial.close();
      absent.close();
    }
  }

  private SocketClient socket(NodeProcess node, String token) throws Exception {
    SocketClient socket = SocketClient.connect(clients, node.httpPort, token);
    sockets.add(socket);
    socket.register("room." + ROOM, null);
    return socket;
  }

  private static int socketsInRoom(NodeProcess node, String token) {
    Answer status = call(node, "GET", "/api/status", token, null);
    if (status.status() != 200) {
      return -1;
    }
    return status.json().getJsonArray("roomSockets").stream().map(JsonObject.class::cast)
        .filter(room -> ROOM.equals(room.getString("room"))).mapToInt(room -> room.getInteger("sockets")).sum();
  }

  private static Answer publish(NodeProcess node, String token, String id) {
    return call(node, "POST", "/api/rooms/" + ROOM + "/events", token,
        new JsonObject().put("id", id).put("type", "note").put("data", new JsonObject().put("from", node.name)));
  }

  private static JsonObject sleep() {
    return new JsonObject().put("command", "sleep").put("args", new JsonArray().add("60"));
  }

  private static List<String> processIds(NodeProcess node, String token) {
    Answer list = call(node, "GET", "/api/processes", token, null);
    assertThat(list.status()).as("process list on " + node.name + ": " + list.body()).isEqualTo(200);
    return list.json().getJsonArray("processes").stream().map(p -> ((JsonObject) p).getString("id")).toList();
  }

  /** Waits for the event {@code id} on the socket; fails naming what came instead. */
  private void awaitEvent(SocketClient socket, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<JsonObject> other = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      JsonObject frame = socket.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (frame != null && isEvent(frame) && id.equals(frame.getJsonObject("body").getString("id"))) {
        return;
      }
      if (frame != null) {
        other.add(frame);
      }
    }
    throw new AssertionError("event " + id + " did not arrive within 20 s; frames instead: " + other + cluster.logs());
  }

  /** The events a socket receives within {@code ms} (what it already holds when 0). */
  private static List<JsonObject> eventsWithin(SocketClient socket, long ms) throws InterruptedException {
    List<JsonObject> events = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    JsonObject frame;
    do {
      frame = socket.poll(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (frame != null && isEvent(frame)) {
        events.add(frame);
      }
    } while (frame != null || System.nanoTime() < deadline);
    return events;
  }

  private static boolean isEvent(JsonObject frame) {
    return "rec".equals(frame.getString("type")) && ("room." + ROOM).equals(frame.getString("address"));
  }

  private void awaitOrDump(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    try {
      Poll.until(what, Duration.ofSeconds(30), condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + cluster.logs(), e);
    }
  }

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A REST call to the node's bridge; status -1 when it does not answer within 30 s. */
  private static Answer call(NodeProcess node, String method, String path, String token, JsonObject body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .header("content-type", "application/json").header("Authorization", "Bearer " + token).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      return new Answer(-1, "no answer within 30 s");
    } catch (java.io.IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, e.toString());
    }
  }
}
