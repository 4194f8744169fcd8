package dev.switchboard.bridge;

import dev.switchboard.testkit.SessionFrames;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A raw WebSocket on {@code /eventbus/websocket}: one bridge frame per text message, as the bridge tests speak it. */
final class RawClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  /** The bridge's own notices on sb.session (the welcome, acks), kept apart so that tests of other frames see none. */
  private final BlockingQueue<JsonObject> sessionFrames = new LinkedBlockingQueue<>();
  private volatile Consumer<JsonObject> tap;
  final CompletableFuture<Short> closed = new CompletableFuture<>();
  volatile String closeReason;

  /** The client is kept with its socket: Vert.x closes a client nobody references any more. */
  RawClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> {
      Consumer<JsonObject> handler = tap;
      if (SessionFrames.isSession(text)) {
        sessionFrames.add(new JsonObject(text));
      } else if (handler != null) {
        handler.accept(new JsonObject(text));
      } else {
        frames.add(new JsonObject(text));
      }
    });
    ws.closeHandler(v -> {
      closeReason = ws.closeReason();
      closed.complete(ws.closeStatusCode());
    });
  }

  /** From now on frames go to {@code handler} as they arrive (on the client's event loop), not to the queue. */
  RawClient stream(Consumer<JsonObject> handler) {
    tap = handler;
    return this;
  }

  RawClient send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
    return this;
  }

  RawClient sendText(String text) {
    ws.writeTextMessage(text);
    return this;
  }

  RawClient register(String address) {
    return send(new JsonObject().put("type", "register").put("address", address));
  }

  /** The next frame other than an sb.session notice, failing after 5 s. */
  JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(5, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within 5 s");
    }
    return frame;
  }

  /** The body of the next sb.session notice (the welcome first), failing after 5 s. */
  JsonObject nextSession() throws InterruptedException {
    JsonObject frame = sessionFrames.poll(5, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no sb.session frame within 5 s");
    }
    return frame.getJsonObject("body");
  }

  /** The next sb.session notice within {@code ms}, or null. */
  JsonObject pollSession(long ms) throws InterruptedException {
    return sessionFrames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** The next frame within {@code ms}, or null. */
  JsonObject poll(long ms) throws InterruptedException {
    return frames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** Waits for the server to close the socket; its close code. */
  short awaitClose() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  void pause() {
    ws.pause();
  }

  /** Frames received and not yet taken. */
  int received() {
    return frames.size();
  }

  void resume() {
    ws.resume();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      ws.close();
    }
    client.close();
  }
}
