package dev.switchboard.node;

import dev.switchboard.testkit.SessionFrames;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code node.transport}: a node on each transport takes SockJS and raw WebSocket sockets and delivers a room's
 * events to both. (On io_uring the handshake's 101 is written one loop turn later than on NIO and epoll; a SockJS
 * open frame written too early once broke every SockJS socket there.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransportsIT {

  private static Vertx clientVertx;

  @BeforeAll
  static void client() {
    clientVertx = Vertx.vertx();
  }

  @AfterAll
  static void closeClient() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"auto, epoll", "epoll, epoll", "io_uring, io_uring", "nio, nio"})
  @DisplayName("each transport serves SockJS and raw sockets and fans a room's event out to both")
  void servesBothTransports(String configured, String expected) throws Exception {
    int port = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "transport-" + configured.replace('_', '-'),
            port, List.of(port), "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray().add(new JsonObject().put("address", "room.project:*")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:*"))));
    config.getJsonObject("node").put("transport", configured);
    int httpPort = config.getJsonObject("http").getInteger("port");
    SwitchboardNode node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      assertThat(((VertxInternal) node.vertx()).transport().getClass().getSimpleName().toLowerCase())
          .isEqualTo(expected.replace("_", "") + "transport");
      String token = new TokenIssuer(node.vertx(), TestClusters.SECRET).issue("u", List.of(), List.of(), Duration.ofHours(1));

      BlockingQueue<String> sockJs = new LinkedBlockingQueue<>();
      WebSocket sockJsSocket = connect(httpPort, "/eventbus/123/abcdef/websocket?token=" + token, sockJs);
      assertThat(sockJs.poll(10, TimeUnit.SECONDS)).isEqualTo("o");
      sockJsSocket.writeTextMessage(new JsonArray().add(register()).encode());

      BlockingQueue<String> raw = new LinkedBlockingQueue<>();
      WebSocket rawSocket = connect(httpPort, "/eventbus/websocket?token=" + token, raw);
      rawSocket.writeTextMessage(register());

      // registered once a publish comes back to the raw socket; then the next one must reach both
      String delivered = null;
      for (int attempt = 0; attempt < 50 && delivered == null; attempt++) {
        rawSocket.writeTextMessage(publish("probe-" + attempt));
        delivered = raw.poll(200, TimeUnit.MILLISECONDS);
      }
      assertThat(delivered).as("a probe delivered to the raw socket").contains("\"type\":\"rec\"");
      raw.clear();
      sockJs.clear();
      rawSocket.writeTextMessage(publish("both"));
      assertThat(nextContaining(raw, "\"both\"")).contains("\"address\":\"room.project:transport\"");
      String sockJsFrame = nextContaining(sockJs, "both");
      assertThat(sockJsFrame).startsWith("a[");
      JsonObject frame = new JsonObject(new JsonArray(sockJsFrame.substring(1)).getString(0));
      assertThat(frame.getJsonObject("body").getString("type")).isEqualTo("both");
      sockJsSocket.close();
      rawSocket.close();
    } finally {
      node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  private static String register() {
    return new JsonObject().put("type", "register").put("address", "room.project:transport").encode();
  }

  private static String publish(String type) {
    return new JsonObject().put("type", "publish").put("address", "room.project:transport")
        .put("body", new JsonObject().put("type", type).put("data", new JsonObject())).encode();
  }

  private static String nextContaining(BlockingQueue<String> frames, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String frame = frames.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && frame.contains(text)) {
        return frame;
      }
    }
    throw new AssertionError("no frame containing " + text + " within 10 s");
  }

  private static WebSocket connect(int port, String uri, BlockingQueue<String> into) throws Exception {
    WebSocketClient client = clientVertx.createWebSocketClient();
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .onSuccess(ws -> ws.textMessageHandler(text -> {
          if (!SessionFrames.isSession(text)) {
            into.add(text);
          }
        }))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
