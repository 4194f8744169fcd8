package dev.switchboard.bridge;

import dev.switchboard.bridge.access.AccessPolicy;
import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.access.AutoSubscriptions;
import dev.switchboard.bridge.access.OriginFilter;
import dev.switchboard.bridge.auth.SignInCodes;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.bridge.auth.TokenVerifier;
import dev.switchboard.bridge.fanout.BusHistoryReader;
import dev.switchboard.bridge.fanout.RoomFanouts;
import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.rest.RequestRateLimit;
import dev.switchboard.bridge.rest.RestApi;
import dev.switchboard.bridge.rest.SignIn;
import dev.switchboard.bridge.socket.BridgeLimits;
import dev.switchboard.bridge.socket.SocketRegistry;
import dev.switchboard.bridge.socket.SocketServices;
import dev.switchboard.bridge.transport.ConnectionGuard;
import dev.switchboard.bridge.transport.SessionBindings;
import dev.switchboard.bridge.transport.SockJsConnection;
import dev.switchboard.bridge.transport.SockJsRoutes;
import dev.switchboard.bridge.transport.WebSocketConnection;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.config.AuthConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.permissions.PermissionRules;
import dev.switchboard.shared.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge role, the public edge on {@code http.*}: the SockJS event-bus bridge at {@code /eventbus}
 * (and its raw WebSocket at {@code /eventbus/websocket}), the REST facade under {@code /api}.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  /** History reads (resumes, gap fills) one bridge has under way at once; more wait their turn. */
  private static final int REPLAYS_IN_FLIGHT = 16;

  private SocketServices services;
  private SocketSweeper sweeper;
  private HttpServer server;

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    Authentication authentication = new Authentication(
        config.auth().jwt().hasKey() ? new TokenVerifier(vertx, config.auth().jwt()) : null, config.auth().anonymous());
    AccessPolicy access = accessPolicy(config);
    SocketRegistry registry = new SocketRegistry(config.bridge());
    ConnectionGuard guard = new ConnectionGuard(vertx, config.bridge().idleTimeoutMs(),
        config.bridge().handshakesPerSecond(), config.bridge().handshakesPerSecondPerAddress());
    BridgeMetrics metrics = new BridgeMetrics(BridgeMetrics.registryOf(config.node().name()), registry::size, guard::size);
    ServiceRouting routing = ServiceRouting.of(config.node().roles());
    services = new SocketServices(config.bridge(), access,
        new RoomFanouts(vertx, metrics, new BusHistoryReader(vertx, routing, REPLAYS_IN_FLIGHT, metrics)), registry,
        vertx.eventBus(), metrics, new ClusterPresence(Presence.of(vertx).announceIn(config.broadcaster().presenceEvents())),
        routing, authentication, new AutoSubscriptions(config.bridge().autoSubscribe(), access), config.node().name());
    OriginFilter origins = new OriginFilter(config.bridge().allowedOrigins(), metrics::refused);
    SocketAdmission admission = new SocketAdmission(authentication, services, guard);
    int maxMessage = BridgeLimits.transportMessageBytes(config.bridge());

    Router router = Router.router(vertx);
    router.route().handler(guard::requestStarted);
    router.route().handler(origins);
    // WebSockets are taken by the server itself (HandshakePolicy); SockJS's other transports go to vertx-web
    SockJsRoutes sockJsRoutes = new SockJsRoutes(vertx, "/eventbus",
        new SessionBindings(config.bridge().maxSockets(), SessionBindings.PENDING_MS), maxMessage, metrics::refused);
    sockJsRoutes.mount(router, sock -> admission.onSockJsSession(new SockJsConnection(sock)));
    new RestApi(authentication, access, vertx.eventBus(), config.bridge().maxFrameBytes(),
        new BridgeStatus(vertx, config, services)::of, routing,
        new RequestRateLimit(config.http().requestsPerSecond(), config.http().requestBurst())).mount(router);
    new SignIn(SignInCodes.of(vertx), signInIssuer(config.auth().jwt())).mount(router);
    Dashboard.mount(router);

    server = vertx.createHttpServer(serverOptions(config, maxMessage))
        .connectionHandler(connection -> {
          if (!guard.opened(connection)) {
            metrics.refused("busy");
          }
        })
        .requestHandler(router)
        .webSocketHandshakeHandler(new HandshakePolicy(guard, origins, metrics))
        .webSocketHandler(ws -> admission.onConnection(HandshakePolicy.RAW_WEBSOCKET.equals(ws.path())
            ? WebSocketConnection.raw(ws) : WebSocketConnection.sockJs(ws)));
    sweeper = new SocketSweeper(vertx, sockJsRoutes, registry);
    sweeper.start();
    return server.listen()
        .onSuccess(s -> LOG.info("bridge listening [host: {}, port: {}]", config.http().host(), s.actualPort()))
        .recover(e -> Future.failedFuture("bridge could not listen on " + config.http().host() + ":"
            + config.http().port() + ": " + e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    return services == null ? Future.succeededFuture() : BridgeDrain.drain(services.registry(), server);
  }

  private static AccessPolicy accessPolicy(SwitchboardConfig config) {
    AccessPolicy access = new AccessPolicy(PermissionRules.inbound(config.permissions().inbound()),
        PermissionRules.outbound(config.permissions().outbound()));
    access.internalOnlyRules().forEach(rule -> LOG.warn("permission rule can only match addresses internal to"
        + " Switchboard and never allows anything [rule: {}]", rule));
    return access;
  }

  private static HttpServerOptions serverOptions(SwitchboardConfig config, int maxMessage) {
    return new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
        .setMaxWebSocketFrameSize(maxMessage).setMaxWebSocketMessageSize(maxMessage)
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
        // HTTP/1.1 from the first byte: with h2c on, a connection is handed over only once it has sent something,
        // and one that sends nothing would escape the guard's deadline
        .setHttp2ClearTextEnabled(false)
        // every response is written from this verticle's event loop (frames go to Netty directly): Vert.x then writes
        // straight to the channel instead of through a multi-producer queue per connection (4.6 KB per open socket)
        .setStrictThreadMode(true);
  }

  /** Sign-in tokens are issued only with an HS256 secret (the one a lone node makes for itself). */
  private TokenIssuer signInIssuer(AuthConfig.Jwt jwt) {
    return jwt.algorithm().equals("HS256") && jwt.secret() != null ? TokenIssuer.from(vertx, jwt) : null;
  }
}
