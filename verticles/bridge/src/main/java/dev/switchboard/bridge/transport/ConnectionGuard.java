package dev.switchboard.bridge.transport;

import dev.switchboard.bridge.socket.TokenBucket;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The bridge's HTTP connections before they become sockets, on the bridge's event loop:
 * <ul>
 *   <li>each must send a whole request head within {@code bridge.idleTimeoutMs} of opening, or of the end of its
 *   last response, else it is closed — a half-open or byte-by-byte request (slowloris) holds nothing for long;
 *   once upgraded to a WebSocket, the socket's own idle timeout takes over;</li>
 *   <li>new sockets are set up at most {@code bridge.handshakesPerSecond} a second: the excess is refused before
 *   any upgrade, token check or socket state, so a connection flood costs little and the node keeps serving.</li>
 * </ul>
 * WebSocket handshakes do not carry their connection, so connections are looked up by the client's address. The
 * channel behind a connection comes from {@code ConnectionBase.channel()}, a public method of a vertx-core internal
 * class (as in {@link WebSocketConnection}; check it on a Vert.x upgrade).
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final long headDeadlineMs;
  private final TokenBucket handshakes;
  private final Map<String, Tracked> connections = new HashMap<>();

  public ConnectionGuard(Vertx vertx, long headDeadlineMs, int handshakesPerSecond) {
    this.vertx = vertx;
    this.headDeadlineMs = headDeadlineMs;
    this.handshakes = new TokenBucket(handshakesPerSecond, handshakesPerSecond, System.nanoTime());
  }

  /**
   * A new HTTP connection: its first request head is due within the deadline. Its end is taken from its Netty
   * channel: an upgraded connection's own close handler is never called (Vert.x hands the channel to the WebSocket).
   */
  public void opened(HttpConnection connection) {
    String key = key(connection.remoteAddress());
    Tracked tracked = new Tracked(connection);
    connections.put(key, tracked);
    Context context = vertx.getOrCreateContext();
    ((ConnectionBase) connection).channel().closeFuture().addListener(closed -> context.runOnContext(v -> {
      if (connections.remove(key, tracked)) {
        tracked.disarm();
      }
    }));
    tracked.arm();
  }

  /**
   * A request head arrived (the router's first handler): no deadline while it is served; the next head is due once
   * its response has ended.
   */
  public void requestStarted(RoutingContext ctx) {
    String key = key(ctx.request().remoteAddress());
    Tracked tracked = connections.get(key);
    if (tracked != null) {
      tracked.disarm();
      ctx.addEndHandler(ended -> {
        if (connections.get(key) == tracked) {
          tracked.arm();
        }
      });
    }
    ctx.next();
  }

  /** A WebSocket handshake arrived on the connection of {@code client}: from now on it is a socket's business. */
  public void handshakeStarted(SocketAddress client) {
    Tracked tracked = connections.get(key(client));
    if (tracked != null) {
      tracked.disarm();
    }
  }

  /** Whether one more socket may be set up now ({@code bridge.handshakesPerSecond}). */
  public boolean admitHandshake() {
    return handshakes.tryTake(System.nanoTime());
  }

  /** Closes the connection of {@code client} (after its refusal was written). */
  public void close(SocketAddress client) {
    Tracked tracked = connections.get(key(client));
    if (tracked != null) {
      tracked.connection.close();
    }
  }

  /** Open HTTP connections of the bridge, upgraded or not. */
  public int size() {
    return connections.size();
  }

  private static String key(SocketAddress address) {
    return address == null ? "" : address.host() + ":" + address.port();
  }

  /** One connection and its timer for the next request head (-1: none running). */
  private final class Tracked {

    private final HttpConnection connection;
    private long timer = -1;

    Tracked(HttpConnection connection) {
      this.connection = connection;
    }

    void arm() {
      disarm();
      timer = vertx.setTimer(headDeadlineMs, t -> {
        timer = -1;
        connection.close();
      });
    }

    void disarm() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
