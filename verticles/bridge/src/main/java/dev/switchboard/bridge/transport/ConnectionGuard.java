package dev.switchboard.bridge.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's HTTP connections before they become sockets, on the bridge's event loop:
 * <ul>
 *   <li>each must send a whole request head within {@code bridge.idleTimeoutMs} of opening, or of the end of its
 *   last response, else it is closed — a half-open or byte-by-byte request (slowloris) holds nothing for long;
 *   once upgraded to a WebSocket, the socket's own idle timeout takes over;</li>
 *   <li>new sockets are set up at most {@code bridge.handshakesPerSecond} a second: the excess is refused before
 *   any upgrade, token check or socket state, so a connection flood costs little and the node keeps serving;</li>
 *   <li>with {@code bridge.handshakesPerSecondPerAddress}, one client address sets up at most that many a second
 *   (counted per whole second); what it asks beyond is refused without spending the node's budget, so clients from
 *   other addresses still get in while one address floods. Once an address has used up its share, its further
 *   connections in that second are answered 503 at their first bytes, written straight to the socket, with no request
 *   parsed: a flood from one address costs the node little more than its accepts.</li>
 * </ul>
 * WebSocket handshakes do not carry their connection, so connections are looked up by the client's address. The
 * channel behind a connection comes from {@code ConnectionBase.channel()}, a public method of a vertx-core internal
 * class (as in {@link WebSocketConnection}; check it on a Vert.x upgrade).
 */
public final class ConnectionGuard {

  private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final long headDeadlineMs;
  private final TokenBucket handshakes;
  private final AddressShares shares;
  private final Map<String, Tracked> connections = new HashMap<>();

  public ConnectionGuard(Vertx vertx, long headDeadlineMs, int handshakesPerSecond, int handshakesPerSecondPerAddress) {
    this.vertx = vertx;
    this.headDeadlineMs = headDeadlineMs;
    this.handshakes = new TokenBucket(handshakesPerSecond, handshakesPerSecond, System.nanoTime());
    this.shares = new AddressShares(handshakesPerSecondPerAddress);
  }

  /**
   * A new HTTP connection: false when it was refused at once (its address's share of the second is used up), else
   * its first request head is due within the deadline. Its end is taken from its Netty
   * channel: an upgraded connection's own close handler is never called (Vert.x hands the channel to the WebSocket).
   */
  public boolean opened(HttpConnection connection) {
    Channel channel = ((ConnectionBase) connection).channel();
    if (shares.usedUp(host(connection.remoteAddress()), System.nanoTime())) {
      refuseAtOnce(channel);
      return false;
    }
    String key = key(connection.remoteAddress());
    Tracked tracked = new Tracked(connection);
    connections.put(key, tracked);
    Context context = vertx.getOrCreateContext();
    channel.closeFuture().addListener(closed -> context.runOnContext(v -> {
      if (connections.remove(key, tracked)) {
        tracked.disarm();
      }
    }));
    tracked.arm();
    return true;
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

  /**
   * Whether one more socket of the client at {@code host} (null: unknown) may be set up now: within the address's share
   * ({@code bridge.handshakesPerSecondPerAddress}), then within the node's {@code bridge.handshakesPerSecond}.
   */
  public boolean admitHandshake(String host) {
    long now = System.nanoTime();
    return shares.tryTake(host, now) && handshakes.tryTake(now);
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

  /**
   * 503 without parsing the request: a handler ahead of every other takes the connection's bytes and drops them; at
   * the first it writes the answer straight to the socket and closes. A connection that sends nothing is closed at the
   * request-head deadline.
   */
  private void refuseAtOnce(Channel channel) {
    channel.pipeline().addFirst("sb-busy", new ChannelInboundHandlerAdapter() {
      private boolean answered;

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (!answered) {
          answered = true;
          ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(ChannelFutureListener.CLOSE);
        }
      }
    });
    channel.eventLoop().schedule(() -> channel.close(), headDeadlineMs, TimeUnit.MILLISECONDS);
  }

  private static String host(SocketAddress address) {
    return address == null ? null : address.host();
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
