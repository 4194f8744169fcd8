package dev.switchboard.bridge;

import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.protocol.CloseReason;
import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.bridge.socket.BridgeSocket;
import dev.switchboard.bridge.socket.SocketServices;
import dev.switchboard.bridge.transport.Connection;
import dev.switchboard.bridge.transport.ConnectionGuard;

/**
 * How a connection becomes a bridge socket: paused until its credentials are checked, then admitted into the socket
 * registry (or refused with an {@code err} frame and closed: not authenticated, too many sockets). A session on one
 * of SockJS's other transports first passes {@code bridge.handshakesPerSecond}, as a WebSocket upgrade does.
 */
final class SocketAdmission {

  private final Authentication authentication;
  private final SocketServices services;
  private final ConnectionGuard guard;

  SocketAdmission(Authentication authentication, SocketServices services, ConnectionGuard guard) {
    this.authentication = authentication;
    this.services = services;
    this.guard = guard;
  }

  /** A session on one of SockJS's other transports: under {@code bridge.handshakesPerSecond} like a WebSocket. */
  void onSockJsSession(Connection connection) {
    if (guard.admitHandshake(connection.remoteHost())) {
      onConnection(connection);
    } else {
      services.metrics().refused("busy");
      connection.close(CloseReason.BUSY.code, CloseReason.BUSY.reason);
    }
  }

  void onConnection(Connection connection) {
    connection.pause();
    authentication.authenticate(connection.credentials())
        .onSuccess(claims -> {
          BridgeSocket socket = new BridgeSocket(connection, claims, services);
          Refusal refused = services.registry().admit(socket);
          if (refused != null) {
            services.metrics().refused("limit");
            socket.refuseAndClose(refused, CloseReason.TOO_MANY_SOCKETS);
          } else {
            socket.start();
          }
          connection.resume();
        })
        .onFailure(e -> {
          Refusal refusal = ((Authentication.RefusedException) e).refusal();
          services.metrics().refused(refusal.failureType().toLowerCase());
          connection.write(Frames.err(null, refusal));
          connection.close(CloseReason.UNAUTHENTICATED.code, CloseReason.UNAUTHENTICATED.reason);
        });
  }
}
