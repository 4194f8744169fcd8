package dev.switchboard.bridge.transport;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;

/**
 * A bridge connection on a WebSocket we upgraded ourselves: either the raw endpoint ({@code /eventbus/websocket},
 * one bridge frame per text message) or SockJS's WebSocket transport ({@code /eventbus/<server>/<session>/websocket}:
 * {@code o} to open, {@code a[...]} messages, {@code h} heartbeats, {@code c[code,"reason"]} to close, and
 * clients send JSON arrays of strings). Shared frames are written from their once-encoded bytes.
 */
public final class WebSocketConnection implements Connection {

  private static final long HEARTBEAT_MS = 25_000;

  private final ServerWebSocket ws;
  private final boolean sockJs;
  private final Credentials credentials;
  private Handler<Buffer> frameHandler = frame -> { };
  private long lastWriteMillis = System.currentTimeMillis();
  private boolean closed;

  private WebSocketConnection(ServerWebSocket ws, boolean sockJs) {
    this.ws = ws;
    this.sockJs = sockJs;
    this.credentials = Credentials.of(ws.headers(), ws.query());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(data -> onText(data.toString()));
  }

  /** The raw endpoint: bridge frames as they are. */
  public static WebSocketConnection raw(ServerWebSocket ws) {
    return new WebSocketConnection(ws, false);
  }

  /** SockJS's WebSocket transport: sends the open frame. */
  public static WebSocketConnection sockJs(ServerWebSocket ws) {
    WebSocketConnection connection = new WebSocketConnection(ws, true);
    ws.writeTextMessage("o");
    return connection;
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public void frameHandler(Handler<Buffer> handler) {
    this.frameHandler = handler;
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    ws.closeHandler(handler);
  }

  @Override
  public void pause() {
    ws.pause();
  }

  @Override
  public void resume() {
    ws.resume();
  }

  @Override
  public void write(String frameJson) {
    if (!closed) {
      lastWriteMillis = System.currentTimeMillis();
      ws.writeTextMessage(sockJs ? OutboundFrame.sockJsText(frameJson) : frameJson);
    }
  }

  @Override
  public void write(OutboundFrame frame) {
    if (!closed) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, sockJs ? frame.sockJs() : frame.raw(), true));
    }
  }

  @Override
  public boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    ws.drainHandler(handler);
  }

  @Override
  public void close(int code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    if (sockJs) {
      ws.writeTextMessage("c[" + code + "," + io.vertx.core.json.Json.encode(reason) + "]");
      ws.close();
    } else {
      ws.close((short) code, reason);
    }
  }

  @Override
  public void heartbeat(long nowMillis) {
    if (sockJs && !closed && nowMillis - lastWriteMillis >= HEARTBEAT_MS) {
      lastWriteMillis = nowMillis;
      ws.writeTextMessage("h");
    }
  }

  private void onText(String text) {
    if (!sockJs) {
      frameHandler.handle(Buffer.buffer(text));
      return;
    }
    if (text.isEmpty()) {
      return;
    }
    try {
      // SockJS clients send a JSON array of messages (some send one JSON string)
      JsonArray messages = text.charAt(0) == '[' ? new JsonArray(text) : new JsonArray().add(io.vertx.core.json.Json.decodeValue(text));
      for (Object message : messages) {
        frameHandler.handle(Buffer.buffer(String.valueOf(message)));
      }
    } catch (DecodeException | ClassCastException e) {
      close(1002, "Broken framing.");
    }
  }
}
