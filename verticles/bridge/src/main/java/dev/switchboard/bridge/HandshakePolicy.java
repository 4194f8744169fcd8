package dev.switchboard.bridge;

import dev.switchboard.bridge.access.OriginFilter;
import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.transport.ConnectionGuard;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.util.regex.Pattern;

/**
 * Which WebSocket upgrades the bridge takes: the raw endpoint and SockJS's WebSocket transport, nothing else (404);
 * an {@code Origin} outside {@code bridge.allowedOrigins} gets 403; past {@code bridge.handshakesPerSecond} (or the
 * client address's {@code bridge.handshakesPerSecondPerAddress}), 503 — before the upgrade and the token check, so a
 * flood of connections costs little. A refused upgrade's connection is closed. Upgrades are taken by the HTTP server
 * rather than by the router so that the bridge holds the socket itself and can write each event's frame bytes, built
 * once, to every socket.
 */
final class HandshakePolicy implements Handler<ServerWebSocketHandshake> {

  /** The raw WebSocket endpoint (no SockJS framing). */
  static final String RAW_WEBSOCKET = "/eventbus/websocket";
  private static final Pattern SOCKJS_WEBSOCKET = Pattern.compile("/eventbus/[^/.]+/[^/.]+/websocket");

  private final ConnectionGuard guard;
  private final OriginFilter origins;
  private final BridgeMetrics metrics;

  HandshakePolicy(ConnectionGuard guard, OriginFilter origins, BridgeMetrics metrics) {
    this.guard = guard;
    this.origins = origins;
    this.metrics = metrics;
  }

  @Override
  public void handle(ServerWebSocketHandshake handshake) {
    guard.handshakeStarted(handshake.remoteAddress());
    String path = handshake.path();
    if (!RAW_WEBSOCKET.equals(path) && !SOCKJS_WEBSOCKET.matcher(path).matches()) {
      reject(handshake, 404);
    } else if (!origins.allows(handshake.headers().get("Origin"))) {
      metrics.refused("origin");
      reject(handshake, 403);
    } else if (!guard.admitHandshake(handshake.remoteAddress() == null ? null : handshake.remoteAddress().host())) {
      metrics.refused("busy");
      reject(handshake, 503);
    } else {
      handshake.accept();
    }
  }

  private void reject(ServerWebSocketHandshake handshake, int status) {
    handshake.reject(status).onComplete(written -> guard.close(handshake.remoteAddress()));
  }
}
