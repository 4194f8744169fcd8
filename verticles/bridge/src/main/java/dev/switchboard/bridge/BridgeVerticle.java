package dev.switchboard.bridge;

import dev.switchboard.shared.config.Endpoint;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bridge role: the public edge on {@code http.*}. */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private HttpServer server;

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    Endpoint http = config.http();
    Router router = Router.router(vertx);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(http.host()).setPort(http.port()))
        .requestHandler(router);
    return server.listen()
        .onSuccess(s -> LOG.info("bridge listening [host: {}, port: {}]", http.host(), s.actualPort()))
        .recover(e -> Future.failedFuture("bridge could not listen on " + http.host() + ":" + http.port()
            + ": " + e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
