package dev.switchboard.bridge;

import dev.switchboard.bridge.socket.BridgeSocket;
import dev.switchboard.bridge.socket.SocketRegistry;
import dev.switchboard.bridge.transport.SockJsRoutes;
import io.vertx.core.Vertx;

/**
 * The bridge's once-a-second sweep: SockJS sessions that were never bound or went quiet, and each socket's own
 * deadlines (idle, token expiry, backlog), measured against one reading of the clocks.
 */
final class SocketSweeper {

  private static final long SWEEP_MS = 1000;

  private final Vertx vertx;
  private final SockJsRoutes sockJsRoutes;
  private final SocketRegistry registry;
  private long timer = -1;

  SocketSweeper(Vertx vertx, SockJsRoutes sockJsRoutes, SocketRegistry registry) {
    this.vertx = vertx;
    this.sockJsRoutes = sockJsRoutes;
    this.registry = registry;
  }

  void start() {
    timer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void sweep() {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    sockJsRoutes.sweep(nanos);
    for (BridgeSocket socket : registry.snapshot()) {
      socket.sweep(nanos, millis);
    }
  }
}
