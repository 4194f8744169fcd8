package dev.switchboard.node;

import dev.switchboard.shared.cluster.MemberDirectory;
import dev.switchboard.shared.cluster.MemberInfo;
import dev.switchboard.shared.config.Endpoint;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.health.HealthChecks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.List;

/**
 * The management HTTP server every node runs: {@code /health} (alive, with this node, the live members and the sockets
 * open on this node's bridge), {@code /ready} (every readiness check up) and {@code /metrics} (Prometheus text).
 */
final class ManagementServer extends VerticleBase {

  private static final String SOCKETS_GAUGE = "switchboard.bridge.sockets";

  private final Endpoint endpoint;
  private final MemberInfo self;
  private final MemberDirectory directory;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;
  /** The bridge's gauge of its open sockets, once the bridge has registered it (none on a node without the role). */
  private Gauge sockets;

  ManagementServer(Endpoint endpoint, MemberInfo self, MemberDirectory directory, PrometheusMeterRegistry registry) {
    this.endpoint = endpoint;
    this.self = self;
    this.directory = directory;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(endpoint.port(), endpoint.host())
        .recover(e -> Future.failedFuture("management server could not listen on " + endpoint.host() + ":"
            + endpoint.port() + ": " + e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  private void health(RoutingContext ctx) {
    directory.members()
        .map(members -> new JsonArray(members.stream().map(MemberInfo::toPublicJson).toList()))
        .otherwise(e -> null)
        .onSuccess(members -> json(ctx, 200, new JsonObject().put("status", "UP")
            .put("node", self.toPublicJson()).put("members", members).put("sockets", sockets())));
  }

  /** Sockets open on this node's bridge, as {@code switchboard_bridge_sockets} shows them; 0 without a bridge. */
  private int sockets() {
    if (sockets == null) {
      sockets = registry.find(SOCKETS_GAUGE).gauge();
    }
    return sockets == null ? 0 : (int) sockets.value();
  }

  private void ready(RoutingContext ctx) {
    HealthChecks.of(vertx).run().onSuccess(checks -> {
      boolean up = checks.stream().allMatch(HealthCheck::up);
      List<JsonObject> shown = checks.stream().map(HealthCheck::toJson).toList();
      json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", new JsonArray(shown)));
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
