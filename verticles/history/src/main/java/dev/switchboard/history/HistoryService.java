package dev.switchboard.history;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.AppendBatch;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The bus requests of history over a store: bodies in, reply bodies out, failures as {@code BusErrors}. A replay reply
 * is cut here, for every store, at {@code history.maxReplyBytes} of events.
 */
final class HistoryService {

  private final HistoryStore store;
  private final int maxReplyBytes;

  HistoryService(HistoryStore store, int maxReplyBytes) {
    this.store = store;
    this.maxReplyBytes = maxReplyBytes;
  }

  /**
   * {@code sb.history.append}: {@code {room, id, tsMillis, envelope}} → {@code {id, offset, epoch, duplicate?}}, or a
   * batch {@code {events: [...]}} → {@code {results: [...]}} (see {@link AppendBatch}).
   */
  Future<JsonObject> append(Object body) {
    if (!(body instanceof JsonObject json)) {
      return Future.failedFuture(BusErrors.invalid("an append takes {room, id, tsMillis, envelope}"));
    }
    if (AppendBatch.isBatch(json)) {
      return appendAll(json);
    }
    AppendRequest request;
    try {
      request = AppendRequest.fromJson(json);
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(BusErrors.invalid("an append takes {room, id, tsMillis, envelope}"));
    }
    return store.append(request).map(reply -> reply.toJson());
  }

  /**
   * A batch: every event handed to the store in the batch's order (a store keeps the order of the appends it is handed,
   * so a room's offsets follow it), answered once all are; an event the store refused has its failure in its place.
   */
  private Future<JsonObject> appendAll(JsonObject json) {
    AppendBatch batch;
    try {
      batch = AppendBatch.fromJson(json);
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(BusErrors.invalid(e.getMessage()));
    }
    List<Future<JsonObject>> results = new ArrayList<>(batch.events().size());
    for (AppendRequest request : batch.events()) {
      results.add(store.append(request).map(AppendReply::toJson)
          .otherwise(e -> AppendBatch.failure(BusErrors.code(e), BusErrors.message(e))));
    }
    return Future.all(results).map(done -> {
      JsonArray replies = new JsonArray(new ArrayList<>(results.size()));
      results.forEach(result -> replies.add(result.result()));
      return new JsonObject().put("results", replies);
    });
  }

  /**
   * {@code sb.history.replay}: {@code {room, since?, epoch?, limit?}} → {@code {room, events, offset, epoch, recovered,
   * more}}, at most {@code history.maxReplyBytes} of events (at least one).
   */
  Future<JsonObject> replay(Object body) {
    return store.replay(ReplayRequest.fromJson(body)).map(slice -> slice.cappedTo(maxReplyBytes).toJson());
  }
}
