package dev.switchboard.history;

import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.ReplayRequest;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@code postgres} store: tables {@code sb_history_rooms} (room → epoch, last offset) and
 * {@code sb_history_events} (one row per retained event, unique by {@code (room, offset)} and {@code (room, id)}),
 * made and migrated at start by {@link SchemaMigrator}. An append is one call of {@code sb_history_append}: one
 * transaction that locks the room's row, answers a retained id as a duplicate, takes the next offset, inserts and
 * trims the room to its size. A replay is one call of {@code sb_history_read} (one snapshot), decided by
 * {@link ReplayWindow} as in every store. Expired events are skipped by reads and deleted in batches by a timer.
 *
 * <p>Each event's checksum (SHA-256 of its envelope text) is verified on replay. A corrupted event is never served:
 * it is logged with room and offset and counted, and the replay answers {@code recovered: false} with only the
 * events after the last corrupted one (so what it serves is intact and has no gap), which tells the client to
 * reload its state.
 *
 * <p>{@code history.maxRooms}: {@code sb_history_room_count} holds the number of rooms; an append into a new room
 * takes its place there first (one row, locked until the append commits), so the bound is exact under concurrent
 * appends from any number of history nodes, and appends into existing rooms do not touch it. Rooms are never removed.
 */
final class PostgresHistoryStore implements HistoryStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresHistoryStore.class);
  private static final int CLEANUP_BATCH = 1000;
  private static final int CLEANUP_MAX_BATCHES = 50;

  private final Vertx vertx;
  private final HistoryConfig config;
  private final LongSupplier clock;
  private final Pool pool;
  private final StoreLink link;
  private final long cleanupTimer;
  private final AtomicLong corrupted = new AtomicLong();
  private boolean cleaning;
  private String epoch;

  private PostgresHistoryStore(Vertx vertx, HistoryConfig config, LongSupplier clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    PgConnectOptions connect = PgConnectOptions.fromUri(config.postgresConnection()).setPipeliningLimit(16)
        .setReconnectAttempts(0);
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(8).setMaxWaitQueueSize(2048).setConnectionTimeout(2)
            .setIdleTimeout(60))
        .with(new NetClientOptions().setConnectTimeout(1000).setTcpNoDelay(true).setTcpKeepAlive(true))
        .connectingTo(connect)
        .using(vertx)
        .build();
    this.link = new StoreLink(vertx, "postgres store " + connect.getHost() + ":" + connect.getPort() + "/"
        + connect.getDatabase(), this::connect);
    this.cleanupTimer = vertx.setPeriodic(HistoryVerticle.sweepPeriodMs(config), t -> cleanup());
  }

  /** The store, after its first connect attempt (migrations, epoch); if PostgreSQL is not there it is down and retries. */
  static Future<PostgresHistoryStore> open(Vertx vertx, HistoryConfig config, LongSupplier clock) {
    PostgresHistoryStore store = new PostgresHistoryStore(vertx, config, clock);
    return store.link.start().map(store);
  }

  String epoch() {
    return epoch;
  }

  /** How many corrupted events replays have met since start. */
  long corruptedEvents() {
    return corrupted.get();
  }

  @Override
  public Future<AppendReply> append(AppendRequest request) {
    Retention retention = config.retentionOf(RoomNames.kind(request.room()));
    long now = clock.getAsLong();
    Tuple args = Tuple.of(request.room(), request.id(), type(request.envelope()), request.envelope(),
            Buffer.buffer(checksum(request.envelope())), time(now))
        .addValue(time(now + retention.ttlSeconds() * 1000)).addInteger(retention.size())
        .addLong((long) config.maxRooms());
    return link.call(() -> pool.preparedQuery(SqlQueries.APPEND).execute(args))
        .compose(rows -> {
          Row row = rows.iterator().next();
          return row.getBoolean(3) ? Future.failedFuture(RoomCap.refusal(request.room(), config.maxRooms()))
              : Future.succeededFuture(new AppendReply(request.id(), row.getLong(1), row.getString(0), row.getBoolean(2)));
        });
  }

  @Override
  public Future<ReplaySlice> replay(ReplayRequest request) {
    Tuple args = Tuple.of(request.room(), request.since(), request.limit(), time(clock.getAsLong()));
    return link.call(() -> pool.preparedQuery(SqlQueries.READ).execute(args)).map(rows -> slice(request, rows));
  }

  @Override
  public Future<HealthCheck> check() {
    return link.check(() -> pool.query(SqlQueries.PING).execute()
        .map(v -> "epoch " + epoch + ", schema version " + SchemaMigrator.latest()
            + (corrupted.get() > 0 ? ", " + corrupted.get() + " corrupted event(s) met by replays" : "")));
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(cleanupTimer);
    link.close();
    return pool.close();
  }

  private ReplaySlice slice(ReplayRequest request, RowSet<Row> rows) {
    var iterator = rows.iterator();
    Row meta = iterator.next();
    String roomEpoch = meta.getString(0);
    long last = meta.getLong(1);
    ReplayWindow window = ReplayWindow.of(request, last, meta.getLong(2), ReplayWindow.epochMatches(request, roomEpoch));
    List<String> events = new ArrayList<>(window.size());
    boolean intact = true;
    while (iterator.hasNext()) {
      Row row = iterator.next();
      long offset = row.getLong(3);
      if (!window.contains(offset)) {
        continue;
      }
      String envelope = row.getString(4);
      if (!Arrays.equals(checksum(envelope), row.getBuffer(5).getBytes())) {
        corrupted.incrementAndGet();
        LOG.error("corrupted history event not served: checksum mismatch [room: {}, offset: {}, epoch: {}]",
            request.room(), offset, roomEpoch);
        events.clear();
        intact = false;
        continue;
      }
      events.add(Envelope.withOffset(envelope, offset, roomEpoch));
    }
    return new ReplaySlice(request.room(), events, last, roomEpoch, window.recovered() && intact, window.more());
  }

  /** Migrates the schema and makes or reads the store's epoch: after every (re)connect. */
  private Future<Void> connect() {
    return new SchemaMigrator(vertx, pool).migrate()
        .compose(v -> pool.preparedQuery(SqlQueries.MAKE_EPOCH).execute(Tuple.of(Epochs.fresh())))
        .compose(v -> pool.query(SqlQueries.EPOCH).execute())
        .map(rows -> {
          epoch = rows.iterator().next().getString(0);
          return null;
        });
  }

  /** Deletes expired events in batches, one batch after another, while whole batches go. */
  private void cleanup() {
    if (cleaning || !link.isUp()) {
      return;
    }
    cleaning = true;
    deleteBatch(time(clock.getAsLong()), 0).onComplete(ar -> {
      cleaning = false;
      if (ar.failed()) {
        LOG.warn("history retention cleanup failed: {}", ar.cause().toString());
      } else if (ar.result() > 0) {
        LOG.debug("history retention cleanup [deleted: {}]", ar.result());
      }
    });
  }

  private Future<Integer> deleteBatch(OffsetDateTime now, int batches) {
    return pool.preparedQuery(SqlQueries.DELETE_EXPIRED).execute(Tuple.of(now, CLEANUP_BATCH))
        .compose(rows -> rows.rowCount() == CLEANUP_BATCH && batches + 1 < CLEANUP_MAX_BATCHES
            ? deleteBatch(now, batches + 1).map(n -> n + rows.rowCount())
            : Future.succeededFuture(rows.rowCount()));
  }

  private static OffsetDateTime time(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  /** The event's type, for the {@code type} column (the envelope is the broadcaster's JSON text). */
  private static String type(String envelope) {
    Object type = new JsonObject(envelope).getValue("type");
    return type instanceof String text ? text : "";
  }

  static byte[] checksum(String envelope) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(envelope.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
