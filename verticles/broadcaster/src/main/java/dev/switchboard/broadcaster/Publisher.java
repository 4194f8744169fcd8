package dev.switchboard.broadcaster;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.Headers;
import dev.switchboard.shared.LocalJsonCodec;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.Utf8;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.ReplayReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.PublishRequest;
import dev.switchboard.shared.events.Uuid7;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomNames;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish (docs/architecture.md, "How a publish travels"): validate, refuse process rooms to clients, bound the size of
 * {@code data}, rate-limit, build the envelope text once, have history append it (with the other appends of the same turn: {@link AppendBatcher}), deliver it through room routing and
 * answer {@code {id, room, offset, epoch}} once history has acknowledged. Delivery is not awaited. A duplicate (a publish
 * retried with its id) is delivered again: the first attempt may have been stored by a broadcaster that died before
 * delivering it, and subscribers drop what they already have.
 */
final class Publisher {

  static final long APPEND_TIMEOUT_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

  private final Vertx vertx;
  private final String node;
  private final int maxEventBytes;
  private final PublishLimiter limiter;
  private final RoomRouting routing;
  private final AppendBatcher appends;
  private final DeliveryOptions replayOptions;
  private final PublishMetrics metrics;

  Publisher(Vertx vertx, String node, int maxEventBytes, PublishLimiter limiter, RoomRouting routing,
            ServiceRouting services, PublishMetrics metrics) {
    this.vertx = vertx;
    this.node = node;
    this.maxEventBytes = maxEventBytes;
    this.limiter = limiter;
    this.routing = routing;
    LocalJsonCodec.register(vertx);
    this.appends = new AppendBatcher(vertx.getOrCreateContext(), vertx.eventBus(),
        services.jsonOptions(Addresses.HISTORY_APPEND, APPEND_TIMEOUT_MS), Publisher::historyFailure, metrics);
    this.replayOptions = services.jsonOptions(Addresses.HISTORY_REPLAY, APPEND_TIMEOUT_MS);
    this.metrics = metrics;
  }

  /** {@code sb.broadcast.publish}, counted by outcome in {@code switchboard_events_published_total}. */
  Future<JsonObject> publish(Object body, MultiMap headers) {
    Future<JsonObject> outcome;
    try {
      outcome = attempt(body, headers);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.onComplete(done -> metrics.published(done.succeeded()
        ? (done.result().containsKey("duplicate") ? PublishMetrics.Outcome.DUPLICATE : PublishMetrics.Outcome.STORED)
        : PublishMetrics.Outcome.ofCode(BusErrors.code(done.cause()))));
  }

  /** One publish; {@code headers} may carry {@code sb-user} (a client or REST publisher). */
  private Future<JsonObject> attempt(Object body, MultiMap headers) {
    PublishRequest request = PublishRequest.fromJson(body);
    String user = headers == null ? null : headers.get(Headers.USER);
    if (user != null && RoomNames.isProcessOwned(request.room())) {
      return Future.failedFuture(BusErrors.forbidden("room " + request.room() + " is written by the process monitor alone"));
    }
    String data = Json.encode(request.data());
    int bytes = Utf8.length(data);
    if (bytes > maxEventBytes) {
      return Future.failedFuture(BusErrors.failure(FailureCodes.TOO_LARGE, "data takes " + bytes
          + " bytes as JSON, more than broadcaster.maxEventBytes (" + maxEventBytes + ")"));
    }
    if (!limiter.tryAcquire(user, request.room(), request.type())) {
      return Future.failedFuture(BusErrors.limit(user == null
          ? (RoomNames.isProcessOwned(request.room()) ? "process monitor publishes on this node are over processes.publishPerSecond"
              : "server-side publishes on this node are over broadcaster.publishPerSecond")
          : "publishes of this user are over broadcaster.publishPerSecond"));
    }
    long ts = System.currentTimeMillis();
    String id = request.id() != null ? request.id() : Uuid7.next();
    String envelope = Envelope.text(id, request.room(), request.type(), data, ts, node, request.correlationId());
    return appends.append(new AppendRequest(request.room(), id, ts, envelope))
        .map(appended -> {
          if (!appended.duplicate()) {
            deliver(new RoomEvent(request.room(), appended.offset(), appended.epoch(), request.type(), ts,
                Buffer.buffer(Envelope.withOffset(envelope, appended.offset(), appended.epoch()))));
          } else {
            redeliver(request.room(), appended);
          }
          JsonObject reply = new JsonObject().put("id", appended.id()).put("room", request.room())
              .put("offset", appended.offset()).put("epoch", appended.epoch());
          return appended.duplicate() ? reply.put("duplicate", true) : reply;
        });
  }

  /** Fire and forget: the event is stored, so a delivery failure must not fail the publish. */
  private void deliver(RoomEvent event) {
    routing.deliver(event).onFailure(e -> LOG.warn("room delivery failed, subscribers will fill the gap from history"
        + " [room: {}, offset: {}]: {}", event.room(), event.offset(), e.toString()));
  }

  /** A duplicate: the stored event, as history has it, goes out again. */
  private void redeliver(String room, AppendReply appended) {
    vertx.eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", room)
            .put("since", appended.offset() - 1).put("epoch", appended.epoch()).put("limit", 1), replayOptions)
        .map(reply -> ReplayReply.fromJson(reply.body()).events())
        .onSuccess(events -> {
          if (events != null && !events.isEmpty() && appended.id().equals(events.getJsonObject(0).getString("id"))) {
            deliver(RoomEvent.of(events.getJsonObject(0), System.currentTimeMillis()));
          }
        })
        .onFailure(e -> LOG.debug("duplicate not delivered again [room: {}, offset: {}]: {}", room, appended.offset(), e.toString()));
  }

  /** A failed append request as its events' failure: no answer in time or no history node is 503. */
  private static Throwable historyFailure(Throwable failure) {
    if (failure instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT)) {
      return BusErrors.unavailable("history did not take the event"
          + (reply.failureType() == ReplyFailure.TIMEOUT ? " in time" : ": no history node is up") + "; it was not published");
    }
    return failure;
  }
}
