package dev.switchboard.history;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

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

  /**
   * {@code sb.history.replay}: {@code {room, since?, epoch?, limit?}} → {@code {room, events, offset, epoch, recovered,
   * more}}, at most {@code history.maxReplyBytes} of events (at least one).
   */
  Future<JsonObject> replay(Object body) {
    return store.replay(ReplayRequest.fromJson(body)).map(slice -> slice.cappedTo(maxReplyBytes).toJson());
  }
}
