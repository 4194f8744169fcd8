package dev.switchboard.loadgen;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One bridge connection, bound to one event-loop context: every method but {@link #connect()} and {@link #close()}
 * is called on that context, and its listener is called there. It pings on open and every ping interval like
 * {@code @vertx/eventbus-bridge-client.js}.
 */
final class BridgeClient {

  /** What a scenario hears from a client, on the client's context. */
  interface Listener {
    void onRec(BridgeClient client, BridgeFrame frame);

    default void onErr(BridgeClient client, BridgeFrame frame) {
    }

    default void onClose(BridgeClient client, String reason) {
    }
  }

  static final Listener IGNORE = (client, frame) -> { };
  private static final String PING = "{\"type\":\"ping\"}";

  private final Context context;
  private final WebSocketClient sockets;
  private final Transport transport;
  private final URI base;
  private final String token;
  private final long pingIntervalMs;
  private final long timeoutMs;
  private final String pad;
  private final RunStats stats;
  private final Map<String, BenchPublish> templates = new HashMap<>(2);
  private Listener listener = IGNORE;
  private WebSocket ws;
  private long pingTimer = -1;
  private volatile boolean open;
  private boolean closing;
  private String closeReason;

  BridgeClient(Context context, WebSocketClient sockets, Transport transport, URI base, String token,
               long pingIntervalMs, long timeoutMs, String pad, RunStats stats) {
    this.context = context;
    this.sockets = sockets;
    this.transport = transport;
    this.base = base;
    this.token = token;
    this.pingIntervalMs = pingIntervalMs;
    this.timeoutMs = timeoutMs;
    this.pad = pad;
    this.stats = stats;
  }

  Context context() {
    return context;
  }

  BridgeClient listener(Listener listener) {
    this.listener = listener;
    return this;
  }

  boolean isOpen() {
    return open;
  }

  String closeReason() {
    return closeReason;
  }

  /** Opens the WebSocket on this client's context; completes once frames may be sent (SockJS: on its {@code o}). */
  Future<Void> connect() {
    Promise<Void> opened = Promise.promise();
    context.runOnContext(v -> sockets.connect(connectOptions()).onComplete(ar -> {
      if (ar.failed()) {
        closeReason = describe(ar.cause());
        opened.tryFail(closeReason);
        return;
      }
      ws = ar.result();
      ws.textMessageHandler(message -> onMessage(message, opened));
      ws.exceptionHandler(e -> {
        if (closeReason == null) {
          closeReason = describe(e);
        }
      });
      ws.closeHandler(x -> onClosed(opened));
      if (transport == Transport.RAW) {
        opened(opened);
      }
    }));
    return opened.future();
  }

  void register(String room, JsonObject headers) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", Addresses.room(room));
    send(headers == null ? frame.encode() : frame.put("headers", headers).encode());
  }

  /** A publish of {@code {type: "bench", data}} into the room. */
  void publish(String room, JsonObject data) {
    send(new JsonObject().put("type", "publish").put("address", Addresses.room(room))
        .put("body", new JsonObject().put("type", "bench").put("data", data)).put("headers", new JsonObject()).encode());
  }

  /** The hot path: a publish whose data is {@code {seq, t, pad}}, from a template made once per room. */
  void publishBench(String room, long seq, long t) {
    if (open) {
      ws.writeTextMessage(templates.computeIfAbsent(room, r -> new BenchPublish(transport, r, pad)).text(seq, t));
    }
  }

  /** Closes the socket (a WebSocket close handshake); completes when it is closed. Callable from any thread. */
  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      closing = true;
      cancelPing();
      open = false;
      if (ws == null || ws.isClosed()) {
        closed.complete();
      } else {
        ws.close().onComplete(ar -> closed.complete());
      }
    });
    return closed.future();
  }

  private void send(String frameJson) {
    if (open) {
      ws.writeTextMessage(transport.encode(frameJson));
    }
  }

  private WebSocketConnectOptions connectOptions() {
    String scheme = base.getScheme().toLowerCase(Locale.ROOT);
    boolean ssl = scheme.equals("https") || scheme.equals("wss");
    int port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return new WebSocketConnectOptions().setHost(base.getHost()).setPort(port).setSsl(ssl)
        .setURI(path + transport.path() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
        .setTimeout(timeoutMs);
  }

  private void onMessage(String message, Promise<Void> opened) {
    if (transport == Transport.RAW) {
      onFrame(message);
      return;
    }
    switch (SockJsFrames.kind(message)) {
      case FRAMES -> SockJsFrames.frames(message, this::onFrame);
      case OPEN -> opened(opened);
      case CLOSE -> closeReason = SockJsFrames.closeReason(message);
      default -> { }
    }
  }

  private void onFrame(String text) {
    BridgeFrame frame = BridgeFrame.parse(text);
    switch (frame.type()) {
      case REC, RECOVERY -> listener.onRec(this, frame);
      case ERR -> {
        stats.error(frame.failureType(), frame.message());
        listener.onErr(this, frame);
      }
      default -> { }
    }
  }

  private void opened(Promise<Void> opened) {
    open = true;
    if (pingIntervalMs > 0) {
      send(PING);
      pingTimer = context.owner().setPeriodic(pingIntervalMs, id -> send(PING));
    }
    opened.tryComplete();
  }

  private void onClosed(Promise<Void> opened) {
    boolean wasOpen = open;
    open = false;
    cancelPing();
    if (closeReason == null) {
      Short code = ws.closeStatusCode();
      String reason = ws.closeReason();
      closeReason = "ws close " + code + (reason == null || reason.isEmpty() ? "" : " " + reason);
    }
    opened.tryFail(closeReason);
    if (!closing && wasOpen) {
      stats.closed(closeReason);
      listener.onClose(this, closeReason);
    }
  }

  private void cancelPing() {
    if (pingTimer >= 0) {
      context.owner().cancelTimer(pingTimer);
      pingTimer = -1;
    }
  }

  private static String describe(Throwable failure) {
    if (failure instanceof UpgradeRejectedException rejected) {
      return "http " + rejected.getStatus();
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** A bench publish split around its {@code seq} and {@code t}, so that sending one is three appends. */
  static final class BenchPublish {
    private static final long SEQ = 900_719_925_474L;
    private static final long T = 800_719_925_474L;
    private final String before;
    private final String between;
    private final String after;

    BenchPublish(Transport transport, String room, String pad) {
      String frame = "{\"type\":\"publish\",\"address\":" + Json.encode(Addresses.room(room))
          + ",\"body\":{\"type\":\"bench\",\"data\":{\"seq\":" + SEQ + ",\"t\":" + T + ",\"pad\":" + Json.encode(pad)
          + "}},\"headers\":{}}";
      String text = transport.encode(frame);
      int i = text.indexOf(String.valueOf(SEQ));
      int j = text.indexOf(String.valueOf(T));
      before = text.substring(0, i);
      between = text.substring(i + String.valueOf(SEQ).length(), j);
      after = text.substring(j + String.valueOf(T).length());
    }

    String text(long seq, long t) {
      return new StringBuilder(before.length() + between.length() + after.length() + 24)
          .append(before).append(seq).append(between).append(t).append(after).toString();
    }
  }
}
