package dev.switchboard.bridge.rest;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.bridge.access.AccessPolicy;
import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.bridge.socket.RoomPublish;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.Headers;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The REST facade (docs/protocol.md, "REST facade"): each route is the bus request it translates to, allowed
 * exactly when that request would be allowed from a bridge socket with the same token, answered with the
 * same status and body.
 */
public final class RestApi {

  private static final long REQUEST_TIMEOUT_MS = 15_000;

  private final Authentication authentication;
  private final AccessPolicy access;
  private final EventBus bus;
  private final int maxBodyBytes;
  private final Function<Claims, Future<JsonObject>> status;
  private final ServiceRouting routing;
  private final RequestRateLimit rateLimit;

  public RestApi(Authentication authentication, AccessPolicy access, EventBus bus, int maxBodyBytes,
                 Function<Claims, Future<JsonObject>> status, ServiceRouting routing, RequestRateLimit rateLimit) {
    this.authentication = authentication;
    this.access = access;
    this.bus = bus;
    this.maxBodyBytes = maxBodyBytes;
    this.status = status;
    this.routing = routing;
    this.rateLimit = rateLimit;
  }

  public void mount(Router router) {
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.post("/api/rooms/:room/events").handler(ctx -> call(ctx, 202, this::publish));
    router.get("/api/rooms/:room/history").handler(ctx -> call(ctx, 200, this::history));
    router.get("/api/rooms/:room/presence").handler(ctx -> call(ctx, 200, (c, claims) ->
        roomRead(Addresses.PRESENCE_GET, new JsonObject().put("room", c.pathParam("room")), claims)));
    router.post("/api/processes").handler(ctx -> call(ctx, 201, (c, claims) ->
        service(Addresses.PROCESSES_START, body(c), claims)));
    router.get("/api/processes").handler(ctx -> call(ctx, 200, (c, claims) ->
        service(Addresses.PROCESSES_LIST, ProcessListQuery.toRequest(c.queryParams(), RestApi::number), claims)));
    router.get("/api/commands").handler(ctx -> call(ctx, 200, (c, claims) ->
        service(Addresses.PROCESSES_COMMANDS, new JsonObject(), claims)));
    router.get("/api/processes/:id").handler(ctx -> call(ctx, 200, (c, claims) ->
        service(Addresses.PROCESSES_GET, new JsonObject().put("id", c.pathParam("id")), claims)));
    router.delete("/api/processes/:id").handler(ctx -> call(ctx, 200, (c, claims) -> {
      JsonObject stop = new JsonObject().put("id", c.pathParam("id"));
      String grace = c.request().getParam("graceMs");
      if (grace != null) {
        stop.put("graceMs", number("graceMs", grace));
      }
      return service(Addresses.PROCESSES_STOP, stop, claims);
    }));
    router.get("/api/status").handler(ctx -> call(ctx, 200, (c, claims) -> status.apply(claims)));
  }

  private Future<JsonObject> publish(RoutingContext ctx, Claims claims) {
    String room = ctx.pathParam("room");
    Refusal refusal = access.publishToRoom(room, claims);
    if (refusal != null) {
      return Future.failedFuture(new Authentication.RefusedException(refusal));
    }
    return request(Addresses.BROADCAST_PUBLISH, RoomPublish.request(room, body(ctx)), claims);
  }

  private Future<JsonObject> history(RoutingContext ctx, Claims claims) {
    JsonObject request = new JsonObject().put("room", ctx.pathParam("room"));
    String since = ctx.request().getParam("since");
    String limit = ctx.request().getParam("limit");
    String epoch = ctx.request().getParam("epoch");
    if (since != null) {
      request.put("since", number("since", since));
    }
    if (limit != null) {
      request.put("limit", number("limit", limit));
    }
    if (epoch != null) {
      request.put("epoch", epoch);
    }
    return roomRead(Addresses.HISTORY_REPLAY, request, claims);
  }

  private Future<JsonObject> roomRead(String address, JsonObject request, Claims claims) {
    Refusal refusal = access.request(address, claims);
    if (refusal == null) {
      refusal = access.readRoom(request, claims);
    }
    return refusal != null ? Future.failedFuture(new Authentication.RefusedException(refusal))
        : request(address, request, claims);
  }

  private Future<JsonObject> service(String address, JsonObject request, Claims claims) {
    Refusal refusal = access.request(address, claims);
    return refusal != null ? Future.failedFuture(new Authentication.RefusedException(refusal))
        : request(address, request, claims);
  }

  private Future<JsonObject> request(String address, JsonObject body, Claims claims) {
    DeliveryOptions options = routing.options(address, REQUEST_TIMEOUT_MS);
    if (claims.subject() != null) {
      options.addHeader(Headers.USER, claims.subject());
    }
    return bus.<Object>request(address, body, options)
        .recover(e -> Future.failedFuture(new Authentication.RefusedException(Refusal.of(e))))
        .map(reply -> reply.body() instanceof JsonObject json ? json : new JsonObject().put("result", reply.body()));
  }

  private void call(RoutingContext ctx, int status, BiFunction<RoutingContext, Claims, Future<JsonObject>> handler) {
    authentication.authenticate(ctx.request())
        .compose(claims -> withinRate(claims, ctx))
        .compose(claims -> {
          try {
            return handler.apply(ctx, claims);
          } catch (Authentication.RefusedException e) {
            return Future.failedFuture(e);
          }
        })
        .onSuccess(body -> respond(ctx, status, body))
        .onFailure(e -> {
          Refusal refusal = e instanceof Authentication.RefusedException refused ? refused.refusal()
              : new Refusal(FailureCodes.INTERNAL, "internal error");
          respond(ctx, refusal.code(), refusal.toJson());
        });
  }

  /** The caller's rate limit, once it is known who calls: over it, 429 before any bus request. */
  private Future<Claims> withinRate(Claims claims, RoutingContext ctx) {
    String host = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
    return rateLimit.tryTake(claims, host, System.nanoTime()) ? Future.succeededFuture(claims)
        : Future.failedFuture(new Authentication.RefusedException(Refusal.limit(rateLimit.refusal())));
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      Object body = ctx.body().asJsonObject();
      if (body instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    throw new Authentication.RefusedException(Refusal.invalid("the request body must be a JSON object"));
  }

  /**
   * A query parameter as a whole number, typed as the same number in a bus request's JSON would be (an int where it
   * fits, else a long), so that a REST call reaches the service exactly as the bus request does.
   */
  private static Number number(String name, String text) {
    try {
      long value = Long.parseLong(text);
      return value == (int) value ? Integer.valueOf((int) value) : Long.valueOf(value);
    } catch (NumberFormatException e) {
      throw new Authentication.RefusedException(Refusal.invalid(name + " must be a whole number, not \"" + text + "\""));
    }
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
  }
}
