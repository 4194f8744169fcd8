package dev.switchboard.node;

import dev.switchboard.shared.Addresses;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session of SockJS's HTTP transports belongs to the token that opened it: a poll, a stream or a send for its id
 * with another token, or none, gets 403 and nothing of the session, and the owner carries on. Raw HTTP, as an
 * attacker who learnt a session id would send it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FallbackSessionBindingIT {

  private static final String ECHO = "app.test.echo";
  private static final String ROOM = "room.project:bound";
  private static final int MAX_FRAME_BYTES = 1024;
  private static SwitchboardNode node;
  private static int httpPort;
  private static String owner;
  private static String intruder;

  @BeforeAll
  static void start() throws Exception {
    int clusterPort = LoopbackPorts.free();
    JsonObject rule = new JsonObject().put("address", "room.project:*");
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "binding", clusterPort, List.of(clusterPort),
            "history", "broadcaster", "bridge")
        .put("bridge", new JsonObject().put("maxFrameBytes", MAX_FRAME_BYTES))
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray().add(rule).add(new JsonObject().put("address", ECHO)))
            .put("outbound", new JsonArray().add(rule)));
    httpPort = config.getJsonObject("http").getInteger("port");
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    node.vertx().eventBus().consumer(ECHO, m -> m.reply(new JsonObject().put("echo", m.body())))
        .completion().toCompletionStage().toCompletableFuture().get();
    TokenIssuer issuer = new TokenIssuer(node.vertx(), TestClusters.SECRET);
    owner = issuer.issue("owner", List.of(), List.of(), Duration.ofHours(1));
    intruder = issuer.issue("intruder", List.of(), List.of(), Duration.ofHours(1));
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("another token or none gets 403 and no frames on poll, stream and send of a session; the owner carries on")
  void sessionBelongsToItsToken() throws Exception {
    String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(post(session + "/xhr", owner, null).body()).isEqualTo("o\n");
    assertThat(post(session + "/xhr_send", owner, frames(register())).statusCode()).isEqualTo(204);

    List<HttpResponse<String>> refused = List.of(
        post(session + "/xhr", intruder, null),
        post(session + "/xhr", null, null),
        send(request(session + "/xhr", null).header("Authorization", "Bearer " + intruder)
            .POST(HttpRequest.BodyPublishers.noBody())),
        post(session + "/xhr_streaming", intruder, null),
        send(request(session + "/eventsource", intruder).GET()),
        post(session + "/xhr_send", intruder, frames(publish("intruder"))),
        post(session + "/xhr_send", null, frames(publish("anonymous"))));
    for (HttpResponse<String> response : refused) {
      assertThat(response.statusCode()).as(response.request().method() + " " + response.uri()).isEqualTo(403);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("forbidden");
      assertThat(new JsonObject(response.body()).getString("message")).isNotBlank();
    }

    // the same token in the header instead of the query is the owner
    HttpResponse<String> said = send(request(session + "/xhr_send", null).header("Authorization", "Bearer " + owner)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(frames(publish("said")))));
    assertThat(said.statusCode()).isEqualTo(204);
    assertThat(post(session + "/xhr_send", owner, frames(echo("my-reply"))).statusCode()).isEqualTo(204);

    List<JsonObject> received = pollUntil(session, owner, 2);
    assertThat(received).extracting(frame -> frame.getString("address")).containsExactlyInAnyOrder(ROOM, "my-reply");
    assertThat(received).filteredOn(frame -> ROOM.equals(frame.getString("address")))
        .extracting(frame -> frame.getJsonObject("body").getString("type")).containsExactly("said");
    assertThat(received).filteredOn(frame -> "my-reply".equals(frame.getString("address")))
        .extracting(frame -> frame.getJsonObject("body")).containsExactly(new JsonObject().put("echo", new JsonObject().put("n", 1)));
  }

  @Test
  @DisplayName("a session id smuggled in ?param0= is not the one acted on: the intruder's requests stay in its own session")
  void sessionIdFromPathOnly() throws Exception {
    String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
    String id = session.substring(session.lastIndexOf('/') + 1);
    assertThat(post(session + "/xhr", owner, null).body()).isEqualTo("o\n");

    String own = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> poll = send(request(own + "/xhr?param0=" + id + "&token=" + intruder, null)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(poll.body()).isEqualTo("o\n");
    HttpResponse<String> smuggled = send(request(own + "/xhr_send?param0=" + id + "&token=" + intruder, null)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(frames(echo("smuggled-reply")))));
    assertThat(smuggled.statusCode()).isEqualTo(204);

    // the intruder's request went into its own session: its reply is not among the owner's frames
    assertThat(post(session + "/xhr_send", owner, frames(echo("my-reply"))).statusCode()).isEqualTo(204);
    assertThat(pollUntil(session, owner, 1)).extracting(frame -> frame.getString("address")).containsExactly("my-reply");
    assertThat(pollUntil(own, intruder, 1)).extracting(frame -> frame.getString("address")).containsExactly("smuggled-reply");
  }

  @Test
  @DisplayName("an xhr_send over the transport's message limit gets 413 and the session carries on")
  void oversizedSend() throws Exception {
    String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(post(session + "/xhr", owner, null).body()).isEqualTo("o\n");
    String big = frames(new JsonObject().put("type", "publish").put("address", ROOM)
        .put("body", new JsonObject().put("type", "big").put("data", "x".repeat(MAX_FRAME_BYTES * 5 + 1024))).encode());

    HttpResponse<String> tooLarge = post(session + "/xhr_send", owner, big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getString("error")).isEqualTo("too_large");

    assertThat(post(session + "/xhr_send", owner, frames(register())).statusCode()).isEqualTo(204);
    assertThat(post(session + "/xhr_send", owner, frames(publish("after"))).statusCode()).isEqualTo(204);
    assertThat(pollUntil(session, owner, 1)).extracting(frame -> frame.getJsonObject("body").getString("type"))
        .containsExactly("after");
  }

  /** Polls the session until {@code count} bridge frames came (heartbeats and the bridge's sb.session notices skipped), within 15 s. */
  private static List<JsonObject> pollUntil(String session, String token, int count) throws Exception {
    List<JsonObject> frames = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (frames.size() < count) {
      assertThat(System.nanoTime()).as("frames within 15 s; so far " + frames).isLessThan(deadline);
      HttpResponse<String> poll = post(session + "/xhr", token, null);
      assertThat(poll.statusCode()).isEqualTo(200);
      String body = poll.body().strip();
      if (body.startsWith("a[")) {
        new JsonArray(body.substring(1)).forEach(text -> {
          JsonObject frame = new JsonObject((String) text);
          if (!Addresses.SESSION.equals(frame.getString("address"))) {
            frames.add(frame);
          }
        });
      } else {
        assertThat(body).as("a poll's answer").isEqualTo("h");
      }
    }
    return frames;
  }

  private static String register() {
    return new JsonObject().put("type", "register").put("address", ROOM).encode();
  }

  /** A send to the echo consumer whose reply comes back to {@code replyAddress}. */
  private static String echo(String replyAddress) {
    return new JsonObject().put("type", "send").put("address", ECHO).put("replyAddress", replyAddress)
        .put("body", new JsonObject().put("n", 1)).encode();
  }

  private static String publish(String type) {
    return new JsonObject().put("type", "publish").put("address", ROOM)
        .put("body", new JsonObject().put("type", type).put("data", new JsonObject())).encode();
  }

  /** A SockJS send body: a JSON array of frame texts. */
  private static String frames(String... frames) {
    return new JsonArray(List.of((Object[]) frames)).encode();
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder request = request(path, token);
    if (body != null) {
      request.header("Content-Type", "text/plain");
    }
    return send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpRequest.Builder request(String path, String token) {
    String uri = "http://127.0.0.1:" + httpPort + path + (token == null ? "" : "?token=" + token);
    return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
  }

  /**
   * Each request on a connection of its own: SockJS's polling responses end their connection, and a pooled one the
   * server has just closed would fail the next request with a reset (as it did in CI) — a browser retries those.
   */
  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
