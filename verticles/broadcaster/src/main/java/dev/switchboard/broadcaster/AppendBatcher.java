package dev.switchboard.broadcaster;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.AppendBatch;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The group commit of appends (docs/architecture.md, "How a publish travels"): the appends a broadcaster makes in one
 * turn of its event loop go to history as one {@code sb.history.append} request ({@link AppendBatch}), in the order they
 * were made, at most {@link #MAX_EVENTS} events or {@link #MAX_CHARS} characters of envelope text at once. A lone append waits for
 * nothing but the end of the turn it was made in; under load one request carries many. Each append gets its own
 * reply or failure; a request history does not answer fails each of its appends alike.
 */
final class AppendBatcher {

  static final int MAX_EVENTS = 256;
  static final int MAX_CHARS = 1 << 20;

  private record Pending(AppendRequest request, Promise<AppendReply> reply) {
  }

  private final Context context;
  private final EventBus bus;
  private final DeliveryOptions options;
  private final Function<Throwable, Throwable> failureOf;
  private final PublishMetrics metrics;
  private List<Pending> pending = new ArrayList<>();
  private int pendingChars;

  /** {@code failureOf} turns a failed request into what each of its appends fails with. */
  AppendBatcher(Context context, EventBus bus, DeliveryOptions options, Function<Throwable, Throwable> failureOf,
                PublishMetrics metrics) {
    this.context = context;
    this.bus = bus;
    this.options = options;
    this.failureOf = failureOf;
    this.metrics = metrics;
  }

  /** Appends one event with the others of this turn; on the batcher's context only. */
  Future<AppendReply> append(AppendRequest request) {
    Promise<AppendReply> reply = Promise.promise();
    if (pending.isEmpty()) {
      context.runOnContext(v -> flush());
    }
    pending.add(new Pending(request, reply));
    pendingChars += request.envelope().length();
    if (pending.size() >= MAX_EVENTS || pendingChars >= MAX_CHARS) {
      flush();
    }
    return reply.future();
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    pendingChars = 0;
    metrics.batched(batch.size());
    long start = System.nanoTime();
    bus.<JsonObject>request(Addresses.HISTORY_APPEND, body(batch), options)
        .onSuccess(answer -> metrics.appended(start))
        .onComplete(answer -> {
          if (answer.failed()) {
            Throwable failure = failureOf.apply(answer.cause());
            batch.forEach(each -> each.reply().fail(failure));
          } else {
            answered(batch, answer.result().body());
          }
        });
  }

  private static JsonObject body(List<Pending> batch) {
    if (batch.size() == 1) {
      return batch.get(0).request().toJson();
    }
    List<AppendRequest> events = new ArrayList<>(batch.size());
    batch.forEach(each -> events.add(each.request()));
    return new AppendBatch(events).toJson();
  }

  /** Each append's own result: a lone append's reply is the whole answer, a batch's are in order in {@code results}. */
  private static void answered(List<Pending> batch, JsonObject answer) {
    if (batch.size() == 1) {
      batch.get(0).reply().complete(AppendReply.fromJson(answer));
      return;
    }
    JsonArray results = answer.getJsonArray("results");
    for (int i = 0; i < batch.size(); i++) {
      Promise<AppendReply> reply = batch.get(i).reply();
      JsonObject result = results != null && i < results.size() ? results.getJsonObject(i) : null;
      if (result == null) {
        reply.fail(BusErrors.failure(500, "history answered " + (results == null ? 0 : results.size())
            + " results for a batch of " + batch.size()));
      } else if (result.containsKey("failure")) {
        reply.fail(BusErrors.failure(result.getInteger("failure"), result.getString("message")));
      } else {
        reply.complete(AppendReply.fromJson(result));
      }
    }
  }
}
