package dev.switchboard.bridge.transport;

import dev.switchboard.bridge.protocol.OutboundFrame;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * One client connection, whatever carries it: SockJS's WebSocket transport, the raw WebSocket, or SockJS's
 * other transports. Frames in are bridge frames (JSON text); frames out are written once-encoded where they can be.
 */
public interface Connection {

  /** The credentials the client presented when it connected. */
  Credentials credentials();

  /** The client's address (host), null when the transport does not know it. */
  default String remoteHost() {
    return null;
  }

  void frameHandler(Handler<Buffer> handler);

  void closeHandler(Handler<Void> handler);

  /** Told when the transport itself dropped a message for being larger than it accepts. */
  default void oversizedHandler(Handler<Void> handler) {
  }

  void pause();

  void resume();

  /** Writes one frame encoded for this connection alone (a reply, an error). */
  void write(String frameJson);

  /** Writes a frame shared by many connections, encoded once for each kind of transport. */
  void write(OutboundFrame frame);

  /** True while the transport holds more than it can pass on; {@link #drainHandler} tells when it caught up. */
  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  /** Closes with a reason: a SockJS close frame {@code c[code,"reason"]}, or a WebSocket close frame. */
  void close(int code, String reason);

  /** Keeps an idle transport alive (SockJS heartbeat); called about once a second. */
  default void heartbeat(long nowMillis) {
  }
}
