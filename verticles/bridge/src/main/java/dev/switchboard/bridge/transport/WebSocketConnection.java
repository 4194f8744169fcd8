package dev.switchboard.bridge.transport;

import dev.switchboard.bridge.protocol.OutboundFrame;
import io.vertx.core.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;

/**
 * A bridge connection on a WebSocket we upgraded ourselves: either the raw endpoint ({@code /eventbus/websocket},
 * one bridge frame per text message) or SockJS's WebSocket transport ({@code /eventbus/<server>/<session>/websocket}:
 * {@code o} to open, {@code a[...]} messages, {@code h} heartbeats, {@code c[code,"reason"]} to close, and
 * clients send JSON arrays of strings).
 *
 * <p>Every data frame is written as finished WebSocket frame bytes straight into the connection's Netty pipeline
 * (on its own event loop, the bridge's), just below the WebSocket frame encoder: a room event's frame is built once
 * per node and only copied per socket, and passes no handler that has nothing to do with it. Writing below the
 * encoder also skips the HTTP response encoder, which Netty removes only once the handshake's 101 has been written
 * — at once on NIO and epoll, one loop turn later on io_uring, where a frame written at the top of the pipeline
 * right after the handshake (SockJS's {@code o}) reached that encoder and broke the connection. All data frames
 * take that one path, so they keep their order; control frames (pong, close) stay with Vert.x. The pipeline comes
 * from {@code WebSocketImplBase.channelHandlerContext()}, a public method of a vertx-core internal class (Vert.x is
 * pinned to 5.0.10; check it on an upgrade).
 */
public final class WebSocketConnection implements Connection {

  private static final long HEARTBEAT_MS = 25_000;
  /** The name of Vert.x's handler in an upgraded channel's pipeline (vertx-core 5.0.10, ServerWebSocketHandshaker). */
  private static final String VERTX_HANDLER = "handler";

  private final ServerWebSocket ws;
  private final ChannelHandlerContext vertxHandler;
  private final Channel channel;
  private final ChannelHandlerContext out;
  private final boolean sockJs;
  private Handler<Buffer> frameHandler = frame -> { };
  private long lastWriteMillis = System.currentTimeMillis();
  private boolean closed;

  private WebSocketConnection(ServerWebSocket ws, boolean sockJs) {
    this.ws = ws;
    this.vertxHandler = ((WebSocketImplBase<?>) ws).channelHandlerContext();
    this.channel = vertxHandler.channel();
    this.out = channel.pipeline().context(WebSocketFrameEncoder.class);
    if (out == null) {
      throw new IllegalStateException("no WebSocket frame encoder in the pipeline of " + channel);
    }
    this.sockJs = sockJs;
    // RFC 6455 8.1: a text message that is not UTF-8 fails the connection (close 1007); Vert.x does not check
    if (channel.pipeline().get(VERTX_HANDLER) != null) {
      channel.pipeline().addBefore(VERTX_HANDLER, "sb-utf8-validator", new Utf8FrameValidator(true));
    }
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
    connection.writeText("o");
    return connection;
  }

  @Override
  public Credentials credentials() {
    // read when asked (once, at admission), not kept: the decoded token would be held for the socket's life
    return Credentials.of(ws.headers(), ws.query());
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
  public void oversizedHandler(Handler<Void> handler) {
    // Vert.x drops a message over maxWebSocketMessageSize and reports it here, and only here
    ws.exceptionHandler(e -> {
      if (e instanceof IllegalStateException) {
        handler.handle(null);
      }
    });
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
    writeText(sockJs ? OutboundFrame.sockJsText(frameJson) : frameJson);
  }

  @Override
  public void write(OutboundFrame frame) {
    if (!closed) {
      out.writeAndFlush(Unpooled.wrappedBuffer(frame.wire(sockJs)), out.voidPromise());
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    // a socket the client has just closed, before its close handler ran: nothing will drain (Vert.x would throw)
    if (ws.isClosed()) {
      return;
    }
    ws.drainHandler(handler);
  }

  @Override
  public void close(int code, String reason) {
    if (closed) {
      return;
    }
    if (sockJs) {
      writeText("c[" + code + "," + Json.encode(reason) + "]");
      closed = true;
      ws.close();
    } else {
      closed = true;
      ws.close((short) code, reason);
    }
    ClosingWatch.start(vertxHandler);
  }

  @Override
  public void heartbeat(long nowMillis) {
    if (sockJs && !closed && nowMillis - lastWriteMillis >= HEARTBEAT_MS) {
      writeText("h");
    }
  }

  private void writeText(String text) {
    if (!closed) {
      lastWriteMillis = System.currentTimeMillis();
      byte[] frame = OutboundFrame.textFrame(text.getBytes(StandardCharsets.UTF_8));
      out.writeAndFlush(Unpooled.wrappedBuffer(frame), out.voidPromise());
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
      JsonArray messages = text.charAt(0) == '[' ? new JsonArray(text) : new JsonArray().add(Json.decodeValue(text));
      for (Object message : messages) {
        frameHandler.handle(Buffer.buffer(String.valueOf(message)));
      }
    } catch (DecodeException | ClassCastException e) {
      close(1002, "Broken framing.");
    }
  }
}
