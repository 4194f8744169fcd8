package dev.switchboard.bridge;

import dev.switchboard.bridge.protocol.CloseReason;
import dev.switchboard.bridge.socket.SocketRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * How a bridge stops (SIGTERM, a rolling restart; docs/operations.md): every socket is closed with 1001 "server
 * shutting down" — the client library reconnects at once to another node and registers again with
 * {@code {since, epoch}} — then the server stops taking connections and lets the requests under way (publishes, their
 * appends) finish for up to {@link #GRACE_SECONDS} before it closes (within the node's 9 s to stop on a signal). The
 * node's other roles stop after the bridge, so what those requests wait on is still there.
 */
final class BridgeDrain {

  static final long GRACE_SECONDS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(BridgeDrain.class);

  private BridgeDrain() {
  }

  static Future<Void> drain(SocketRegistry sockets, HttpServer server) {
    var open = sockets.snapshot();
    open.forEach(socket -> socket.close(CloseReason.SHUTDOWN));
    LOG.info("bridge draining [sockets closed: {}, grace s: {}]", open.size(), GRACE_SECONDS);
    return server == null ? Future.succeededFuture() : server.shutdown(GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
