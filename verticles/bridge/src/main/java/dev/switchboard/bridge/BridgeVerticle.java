package dev.switchboard.bridge;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.access.AccessPolicy;
import dev.switchboard.bridge.auth.SignInCodes;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.bridge.auth.TokenVerifier;
import dev.switchboard.bridge.fanout.BusHistoryReader;
import dev.switchboard.bridge.fanout.RoomFanouts;
import dev.switchboard.bridge.rest.RequestRateLimit;
import dev.switchboard.bridge.rest.RestApi;
import dev.switchboard.bridge.rest.SignIn;
import dev.switchboard.bridge.socket.BridgeLimits;
import dev.switchboard.bridge.socket.BridgeSocket;
import dev.switchboard.bridge.protocol.CloseReason;
import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.bridge.socket.SocketRegistry;
import dev.switchboard.bridge.socket.SocketServices;
import dev.switchboard.bridge.transport.Connection;
import dev.switchboard.bridge.transport.ConnectionGuard;
import dev.switchboard.bridge.transport.SessionBindings;
import dev.switchboard.bridge.transport.SockJsConnection;
import dev.switchboard.bridge.transport.SockJsRoutes;
import dev.switchboard.bridge.transport.WebSocketConnection;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.Role;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.cluster.MemberDirectory;
import dev.switchboard.shared.cluster.MemberInfo;
import dev.switchboard.shared.config.AuthConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.permissions.Claims;
import dev.switchboard.shared.permissions.PermissionRules;
import dev.switchboard.shared.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The bridge role, the public edge on {@code http.*}: the SockJS event-bus bridge at {@code /eventbus}
 * (and its raw WebSocket at {@code /eventbus/websocket}), the REST facade under {@code /api}.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  private static final long SWEEP_MS = 1000;
  private static final int STATUS_ROOMS = 100;
  /** History reads (resumes, gap fills) one bridge has under way at once; more wait their turn. */
  private static final int REPLAYS_IN_FLIGHT = 16;
  private static final String RAW_WEBSOCKET = "/eventbus/websocket";
  private static final Pattern SOCKJS_WEBSOCKET = Pattern.compile("/eventbus/[^/.]+/[^/.]+/websocket");

  private SwitchboardConfig config;
  private Authentication authentication;
  private SocketServices services;
  private HttpServer server;
  private ConnectionGuard guard;
  private SockJsRoutes sockJsRoutes;
  private long sweeper;

  @Override
  public Future<?> start() {
    config = SwitchboardConfig.fromJson(config());
    authentication = new Authentication(
        config.auth().jwt().hasKey() ? new TokenVerifier(vertx, config.auth().jwt()) : null, config.auth().anonymous());
    AccessPolicy access = new AccessPolicy(PermissionRules.inbound(config.permissions().inbound()),
        PermissionRules.outbound(config.permissions().outbound()));
    access.internalOnlyRules().forEach(rule -> LOG.warn("permission rule can only match addresses internal to"
        + " Switchboard and never allows anything [rule: {}]", rule));
    SocketRegistry registry = new SocketRegistry(config.bridge());
    guard = new ConnectionGuard(vertx, config.bridge().idleTimeoutMs(), config.bridge().handshakesPerSecond(),
        config.bridge().handshakesPerSecondPerAddress());
    BridgeMetrics metrics = new BridgeMetrics(BridgeMetrics.registryOf(config.node().name()), registry::size, guard::size);
    ServiceRouting routing = ServiceRouting.of(config.node().roles());
    services = new SocketServices(config.bridge(), access,
        new RoomFanouts(vertx, metrics, new BusHistoryReader(vertx, routing, REPLAYS_IN_FLIGHT)), registry,
        vertx.eventBus(), metrics, new ClusterPresence(Presence.of(vertx).announceIn(config.broadcaster().presenceEvents())),
        routing);

    int maxMessage = BridgeLimits.transportMessageBytes(config.bridge());
    Router router = Router.router(vertx);
    router.route().handler(guard::requestStarted);
    router.route().handler(this::checkOrigin);
    // WebSockets are taken by the server itself (see handshake); SockJS's other transports go to vertx-web
    sockJsRoutes = new SockJsRoutes(vertx, "/eventbus",
        new SessionBindings(config.bridge().maxSockets(), SessionBindings.PENDING_MS), maxMessage, services.metrics()::refused);
    sockJsRoutes.mount(router, sock -> onSockJsSession(new SockJsConnection(sock)));
    new RestApi(authentication, access, vertx.eventBus(), config.bridge().maxFrameBytes(), this::status, routing,
        new RequestRateLimit(config.http().requestsPerSecond(), config.http().requestBurst())).mount(router);
    new SignIn(SignInCodes.of(vertx), signInIssuer()).mount(router);
    Dashboard.mount(router);

    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
            .setMaxWebSocketFrameSize(maxMessage).setMaxWebSocketMessageSize(maxMessage)
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
            // HTTP/1.1 from the first byte: with h2c on, a connection is handed over only once it has sent something,
            // and one that sends nothing would escape the guard's deadline
            .setHttp2ClearTextEnabled(false))
        .connectionHandler(connection -> {
          if (!guard.opened(connection)) {
            services.metrics().refused("busy");
          }
        })
        .requestHandler(router)
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(ws -> onConnection(RAW_WEBSOCKET.equals(ws.path())
            ? WebSocketConnection.raw(ws) : WebSocketConnection.sockJs(ws)));
    sweeper = vertx.setPeriodic(SWEEP_MS, t -> sweep());
    return server.listen()
        .onSuccess(s -> LOG.info("bridge listening [host: {}, port: {}]", config.http().host(), s.actualPort()))
        .recover(e -> Future.failedFuture("bridge could not listen on " + config.http().host() + ":"
            + config.http().port() + ": " + e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    services.registry().snapshot().forEach(socket -> socket.close(CloseReason.SHUTDOWN));
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * WebSocket upgrades: the raw endpoint and SockJS's WebSocket transport, nothing else (404); an {@code Origin}
   * outside {@code bridge.allowedOrigins} gets 403; past {@code bridge.handshakesPerSecond} (or the client address's
   * {@code bridge.handshakesPerSecondPerAddress}), 503 — before the upgrade
   * and the token check, so a flood of connections costs little. A refused upgrade's connection is closed. Taken here
   * rather than by the router so that the bridge holds the socket itself and can write each event's frame bytes,
   * built once, to every socket.
   */
  private void handshake(ServerWebSocketHandshake handshake) {
    guard.handshakeStarted(handshake.remoteAddress());
    String path = handshake.path();
    if (!RAW_WEBSOCKET.equals(path) && !SOCKJS_WEBSOCKET.matcher(path).matches()) {
      reject(handshake, 404);
    } else if (!originAllowed(handshake.headers().get("Origin"))) {
      services.metrics().refused("origin");
      reject(handshake, 403);
    } else if (!guard.admitHandshake(handshake.remoteAddress() == null ? null : handshake.remoteAddress().host())) {
      services.metrics().refused("busy");
      reject(handshake, 503);
    } else {
      handshake.accept();
    }
  }

  private void reject(ServerWebSocketHandshake handshake, int status) {
    handshake.reject(status).onComplete(written -> guard.close(handshake.remoteAddress()));
  }

  /** A session on one of SockJS's other transports: under {@code bridge.handshakesPerSecond} like a WebSocket. */
  private void onSockJsSession(Connection connection) {
    if (guard.admitHandshake(connection.remoteHost())) {
      onConnection(connection);
    } else {
      services.metrics().refused("busy");
      connection.close(CloseReason.BUSY.code, CloseReason.BUSY.reason);
    }
  }

  private void onConnection(Connection connection) {
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

  /** {@code bridge.allowedOrigins} (empty: any) on every transport; a request without Origin is not a browser's. */
  private void checkOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (!originAllowed(origin)) {
      services.metrics().refused("origin");
      ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
          .end(Refusal.denied("origin " + origin + " is not allowed").toJson().encode());
      return;
    }
    ctx.next();
  }

  /** Sign-in tokens are issued only with an HS256 secret (the one a lone node makes for itself). */
  private TokenIssuer signInIssuer() {
    AuthConfig.Jwt jwt = config.auth().jwt();
    return jwt.algorithm().equals("HS256") && jwt.secret() != null ? TokenIssuer.from(vertx, jwt) : null;
  }

  private boolean originAllowed(String origin) {
    List<String> allowed = config.bridge().allowedOrigins();
    return origin == null || allowed.isEmpty() || allowed.contains(origin);
  }

  private void sweep() {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    sockJsRoutes.sweep(nanos);
    for (BridgeSocket socket : services.registry().snapshot()) {
      socket.sweep(nanos, millis);
    }
  }

  /** This node, the members and counts; room names only for a token with {@code http.statusRoomsAuthority}. */
  private Future<JsonObject> status(Claims claims) {
    Future<List<MemberInfo>> members = new MemberDirectory(vertx).members();
    Future<Integer> processes = vertx.eventBus().<JsonObject>request(Addresses.PROCESSES_LIST, new JsonObject(),
            new DeliveryOptions().setSendTimeout(2000))
        .map(reply -> reply.body().getJsonArray("processes", new JsonArray()).size())
        .otherwise(0);
    return Future.all(members, processes).map(done -> new JsonObject()
        .put("node", new JsonObject().put("name", config.node().name())
            .put("roles", new JsonArray(config.node().roles().stream().sorted().map(Role::word).toList()))
            .put("httpPort", config.http().port()).put("managementPort", config.management().port()))
        .put("members", new JsonArray(members.result().stream().map(MemberInfo::toPublicJson).toList()))
        .put("sockets", services.registry().size())
        .put("rooms", services.fanouts().roomCount())
        .put("processes", processes.result()))
        .map(json -> claims.hasPermission(config.http().statusRoomsAuthority())
            ? json.put("roomSockets", services.fanouts().socketCounts(STATUS_ROOMS)) : json);
  }
}
