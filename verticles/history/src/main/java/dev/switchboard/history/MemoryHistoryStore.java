package dev.switchboard.history;

import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code memory} store: the room logs in a map of this node, touched only by the history verticle's event loop.
 * Its epoch is made when it starts: a restarted node has lost every log and says so with a new epoch. Idle rooms are
 * trimmed by a sweep; a room whose events have all expired keeps only its epoch and last offset. It holds at most
 * {@code history.maxRooms} rooms, counted exactly (the map's size); a room is never dropped, so that its offsets are
 * never reused within the epoch.
 */
final class MemoryHistoryStore implements HistoryStore {

  private final HistoryConfig config;
  private final LongSupplier clock;
  private final String epoch = Epochs.fresh();
  private final Map<String, RoomLog> rooms = new HashMap<>();
  private final Vertx vertx;
  private final long sweepTimer;

  MemoryHistoryStore(Vertx vertx, HistoryConfig config, LongSupplier clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.sweepTimer = vertx == null ? -1 : vertx.setPeriodic(HistoryVerticle.sweepPeriodMs(config), t -> sweep());
  }

  String epoch() {
    return epoch;
  }

  @Override
  public Future<AppendReply> append(AppendRequest request) {
    RoomLog log = rooms.get(request.room());
    if (log == null) {
      if (rooms.size() >= config.maxRooms()) {
        return Future.failedFuture(RoomCap.refusal(request.room(), config.maxRooms()));
      }
      log = new RoomLog(epoch);
      rooms.put(request.room(), log);
    }
    return Future.succeededFuture(log.append(request.id(), request.envelope(), clock.getAsLong(),
        config.retentionOf(RoomNames.kind(request.room()))));
  }

  @Override
  public Future<ReplaySlice> replay(ReplayRequest request) {
    RoomLog log = rooms.get(request.room());
    return Future.succeededFuture(log == null ? RoomLog.empty(request.room(), request, epoch)
        : log.read(request.room(), request, clock.getAsLong(), config.retentionOf(RoomNames.kind(request.room()))));
  }

  /** Drops expired events of every room. */
  void sweep() {
    long now = clock.getAsLong();
    rooms.forEach((room, log) -> log.trim(now, config.retentionOf(RoomNames.kind(room))));
  }

  @Override
  public Future<HealthCheck> check() {
    return Future.succeededFuture(HealthCheck.up("history", "memory store, epoch " + epoch + ", " + rooms.size() + " room(s)"));
  }

  @Override
  public Future<Void> close() {
    if (vertx != null) {
      vertx.cancelTimer(sweepTimer);
    }
    return Future.succeededFuture();
  }
}
