package dev.switchboard.bridge.access;

import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bridge.allowedOrigins} on every transport (empty: any origin): a request or WebSocket upgrade whose
 * {@code Origin} is not listed is refused with 403; a request without {@code Origin} is not a browser's and passes.
 */
public final class OriginFilter implements Handler<RoutingContext> {

  private final List<String> allowed;
  private final Consumer<String> refused;

  /** {@code refused} hears the reason {@code "origin"} for each refusal (the bridge's metrics). */
  public OriginFilter(List<String> allowed, Consumer<String> refused) {
    this.allowed = List.copyOf(allowed);
    this.refused = refused;
  }

  public boolean allows(String origin) {
    return origin == null || allowed.isEmpty() || allowed.contains(origin);
  }

  /** As a route: the next handler, or 403 with the REST failure body. */
  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (!allows(origin)) {
      refused.accept("origin");
      ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
          .end(Refusal.denied("origin " + origin + " is not allowed").toJson().encode());
      return;
    }
    ctx.next();
  }
}
