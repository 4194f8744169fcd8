package dev.switchboard.history;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The bus requests of history over a store: bodies in, reply bodies out, failures as {@code BusErrors}. */
final class HistoryService {

  private final HistoryStore store;

  HistoryService(HistoryStore store) {
    this.store = store;
  }

  /** {@code sb.history.append}: {@code {room, id, tsMillis, envelope}} → {@code {id, offset, epoch, duplicate?}}. */
  Future<JsonObject> append(Object body) {
    if (!(body instanceof JsonObject json)) {
      return Future.failedFuture(BusErrors.invalid("an append takes {room, id, tsMillis, envelope}"));
    }
    AppendRequest request;
    try {
      request = AppendRequest.fromJson(json);
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(BusErrors.invalid("an append takes {room, id, tsMillis, envelope}"));
    }
    return store.append(request).map(reply -> reply.toJson());
  }

  /** {@code sb.history.replay}: {@code {room, since?, epoch?, limit?}} → {@code {room, events, offset, epoch, recovered, more}}. */
  Future<JsonObject> replay(Object body) {
    return store.replay(ReplayRequest.fromJson(body)).map(ReplaySlice::toJson);
  }
}
