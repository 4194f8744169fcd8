package dev.switchboard.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bridge socket used for requests: each {@code send} carries a fresh {@code replyAddress} and is answered by a
 * {@code rec} (the reply body) or an {@code err} (a {@link Refused}) at that address, or fails when no answer comes in
 * time or the socket closes. Pings every few seconds keep it from being closed as idle.
 */
final class BridgeLink {

  private static final long PING_MS = 5_000;
  private static final AtomicLong REPLY_IDS = new AtomicLong();

  /** An err frame answered to a request. */
  static final class Refused extends RuntimeException {
    final int code;

    Refused(JsonObject err) {
      super(err.getInteger("failureCode") + " " + err.getString("failureType") + ": " + err.getString("message"), null, false, false);
      this.code = err.getInteger("failureCode", -1);
    }
  }

  private final Vertx vertx;
  private final WebSocket ws;
  private final int port;
  private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final long pinger;
  private volatile boolean open = true;

  private BridgeLink(Vertx vertx, WebSocket ws, int port) {
    this.vertx = vertx;
    this.ws = ws;
    this.port = port;
    ws.textMessageHandler(this::onFrame);
    ws.closeHandler(v -> closed());
    this.pinger = vertx.setPeriodic(PING_MS, t -> ws.writeTextMessage("{\"type\":\"ping\"}"));
  }

  static Future<BridgeLink> open(Vertx vertx, WebSocketClient client, int port, String token) {
    return SocketClient.open(client, port, token).map(ws -> new BridgeLink(vertx, ws, port));
  }

  int port() {
    return port;
  }

  boolean isOpen() {
    return open;
  }

  /** {@code send} to {@code address} awaiting a reply for at most {@code timeoutMs}. */
  Future<JsonObject> request(String address, JsonObject body, long timeoutMs) {
    if (!open) {
      return Future.failedFuture("socket to port " + port + " is closed");
    }
    String replyAddress = "r" + REPLY_IDS.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(replyAddress, reply);
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (pending.remove(replyAddress) != null) {
        reply.tryFail("no answer from port " + port + " within " + timeoutMs + " ms to " + address);
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
        .put("body", body).encode());
    return reply.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  void close() {
    open = false;
    vertx.cancelTimer(pinger);
    ws.close();
  }

  private void onFrame(String text) {
    JsonObject frame = new JsonObject(text);
    String address = frame.getString("address");
    Promise<JsonObject> reply = address == null ? null : pending.remove(address);
    if (reply == null) {
      return;
    }
    if ("rec".equals(frame.getString("type"))) {
      reply.tryComplete(frame.getJsonObject("body"));
    } else {
      reply.tryFail(new Refused(frame));
    }
  }

  private void closed() {
    open = false;
    vertx.cancelTimer(pinger);
    pending.keySet().forEach(key -> {
      Promise<JsonObject> reply = pending.remove(key);
      if (reply != null) {
        reply.tryFail("socket to port " + port + " closed");
      }
    });
  }
}
