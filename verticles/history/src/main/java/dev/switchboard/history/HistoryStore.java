package dev.switchboard.history;

import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import dev.switchboard.shared.health.HealthCheck;
import io.vertx.core.Future;

/**
 * Where the room logs live. Each store assigns offsets through {@link RoomLog}, one owner per room at a time, and
 * applies the retention of the room's kind.
 */
interface HistoryStore {

  /** Appends the event, or answers the retained event with the same id as a duplicate. */
  Future<AppendReply> append(AppendRequest request);

  Future<ReplaySlice> replay(ReplayRequest request);

  /** Whether the store answers, for {@code /ready}. */
  Future<HealthCheck> check();

  Future<Void> close();
}
