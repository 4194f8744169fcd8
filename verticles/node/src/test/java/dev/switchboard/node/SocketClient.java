package dev.switchboard.node;

import dev.switchboard.testkit.SessionFrames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw WebSocket on a node's {@code /eventbus/websocket}, one bridge frame per text message. */
final class SocketClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  private SocketClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    // the bridge's own notices (welcome, acks) are not what these tests read
    ws.textMessageHandler(text -> {
      if (!SessionFrames.isSession(text)) {
        frames.add(new JsonObject(text));
      }
    });
  }

  static SocketClient connect(Vertx vertx, int port, String token) throws Exception {
    // the client is kept with its socket: Vert.x closes a client nobody references any more
    WebSocketClient client = vertx.createWebSocketClient();
    return open(client, port, token)
        .map(ws -> new SocketClient(client, ws)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A raw bridge WebSocket to the node on {@code port}, for clients that handle its frames themselves. */
  static Future<WebSocket> open(WebSocketClient client, int port, String token) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket?token=" + token));
  }

  /** A {@code register} frame, with headers when not null. */
  static JsonObject registerFrame(String address, JsonObject headers) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    return headers == null ? frame : frame.put("headers", headers);
  }

  SocketClient send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
    return this;
  }

  SocketClient register(String address, JsonObject headers) {
    return send(registerFrame(address, headers));
  }

  JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within 10 s");
    }
    return frame;
  }

  JsonObject poll(long ms) throws InterruptedException {
    return frames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** The next {@code n} frames. */
  List<JsonObject> next(int n) throws InterruptedException {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(next());
    }
    return list;
  }

  @Override
  public void close() {
    ws.close().onComplete(done -> client.close());
  }
}
