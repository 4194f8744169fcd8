package dev.switchboard.history;

import dev.switchboard.shared.MapNames;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.cluster.HazelcastFutures;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.ReplayRequest;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code hazelcast} store: room logs in the map {@code sb.history} (room → {@link RoomLog}), shared by every
 * history node of the cluster, one synchronous backup, values kept as objects so that an append does not deserialize
 * and re-serialize the room's whole log. Appends and reads are entry processors on the room's key: they run on the
 * partition owner, one at a time per key, and the append runs again on the backup before it is acknowledged, so the
 * loss of one member loses no acknowledged event and the promoted backup continues the offsets.
 *
 * <p>The store's epoch is kept in {@code sb.history.meta} (key {@code epoch}); a room's log takes the store's epoch
 * when it is created. A sweep of idle rooms runs on one history node at a time (whoever first puts the {@code sweep}
 * key, which expires after a period) as a partition-local entry processor on every entry.
 *
 * <p>{@code history.maxRooms} is approximate here: each node counts the map's entries every
 * {@link #ROOM_COUNT_MS} and adds the rooms its own appends made since; an append tells the partition owner whether
 * it may make a room, and the owner decides atomically for that key. Rooms made by other nodes within the last count
 * period are not yet seen, so the map may pass the bound by as many rooms as the other nodes make in that time.
 */
final class HazelcastHistoryStore implements HistoryStore {

  static final String MAP_NAME = MapNames.HISTORY;
  static final String META_MAP = MapNames.HISTORY_META;
  static final long ROOM_COUNT_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastHistoryStore.class);

  private final Vertx vertx;
  private final Context context;
  private final HistoryConfig config;
  private final LongSupplier clock;
  private final IMap<String, RoomLog> logs;
  private final IMap<String, String> meta;
  private final String epoch;
  private final String memberId;
  private final long sweepTimer;
  private final long countTimer;
  /** The map's entries at the last count, and the rooms this node's appends made since. */
  private long roomsCounted;
  private long roomsMadeSince;

  private HazelcastHistoryStore(Vertx vertx, HazelcastInstance hazelcast, HistoryConfig config, LongSupplier clock,
                                String epoch) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.clock = clock;
    this.logs = hazelcast.getMap(MAP_NAME);
    this.meta = hazelcast.getMap(META_MAP);
    this.epoch = epoch;
    this.memberId = hazelcast.getCluster().getLocalMember().getUuid().toString();
    long period = HistoryVerticle.sweepPeriodMs(config);
    this.sweepTimer = vertx.setPeriodic(period, t -> sweep(period));
    this.countTimer = vertx.setPeriodic(ROOM_COUNT_MS, t -> countRooms());
  }

  /** Configures the maps (before their first use on this member) and reads or makes the store's epoch. */
  static Future<HazelcastHistoryStore> open(Vertx vertx, HazelcastInstance hazelcast, HistoryConfig config,
                                            LongSupplier clock) {
    return vertx.executeBlocking(() -> {
      configure(hazelcast);
      IMap<String, String> meta = hazelcast.getMap(META_MAP);
      String fresh = Epochs.fresh();
      String existing = meta.putIfAbsent("epoch", fresh);
      return existing == null ? fresh : existing;
    }).map(epoch -> new HazelcastHistoryStore(vertx, hazelcast, config, clock, epoch))
        .compose(store -> store.countRooms().map(store));
  }

  /**
   * Both maps with one synchronous backup, under the split-brain protection when there is one; the logs as objects,
   * merged after a split by {@link LongestLogMergePolicy} (the same config on every member, added once), without JSON
   * metadata (Hazelcast's default would serialize the room's whole log after every append to look for JSON in it).
   */
  static void configure(HazelcastInstance hazelcast) {
    hazelcast.getConfig().addMapConfig(HazelcastSetup.protect(hazelcast, new MapConfig(MAP_NAME).setBackupCount(1)
        .setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.OBJECT).setMetadataPolicy(MetadataPolicy.OFF)
        .setMergePolicyConfig(new MergePolicyConfig(LongestLogMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE))));
    hazelcast.getConfig().addMapConfig(HazelcastSetup.protect(hazelcast, new MapConfig(META_MAP).setBackupCount(1)
        .setAsyncBackupCount(0)));
  }

  String epoch() {
    return epoch;
  }

  @Override
  public Future<AppendReply> append(AppendRequest request) {
    Retention retention = config.retentionOf(RoomNames.kind(request.room()));
    boolean mayCreate = roomsCounted + roomsMadeSince < config.maxRooms();
    return call(() -> logs.submitToKey(request.room(),
        new AppendProcessor(request.id(), request.envelope(), clock.getAsLong(), retention, epoch, mayCreate)))
        .compose(outcome -> {
          if (outcome.refused()) {
            return Future.failedFuture(RoomCap.refusal(request.room(), config.maxRooms()));
          }
          if (outcome.created()) {
            roomsMadeSince++;
          }
          return Future.succeededFuture(outcome.reply(request.id()));
        });
  }

  @Override
  public Future<ReplaySlice> replay(ReplayRequest request) {
    Retention retention = config.retentionOf(RoomNames.kind(request.room()));
    return call(() -> logs.submitToKey(request.room(), new ReplayProcessor(request, clock.getAsLong(), retention, epoch)));
  }

  @Override
  public Future<HealthCheck> check() {
    return call(() -> meta.getAsync("epoch"))
        .map(e -> HealthCheck.up("history", "hazelcast store, epoch " + e))
        .otherwise(e -> HealthCheck.down("history", "the hazelcast store does not answer"));
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(countTimer);
    return Future.succeededFuture();
  }

  /** Counts the rooms of the map (every member's partitions: off the event loop). */
  private Future<Void> countRooms() {
    return vertx.executeBlocking(logs::size, false)
        .onSuccess(rooms -> {
          roomsCounted = rooms;
          roomsMadeSince = 0;
        })
        .onFailure(e -> LOG.warn("history room count failed: {}", e.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Drops expired events of every room, unless another history node swept within this period. */
  void sweep(long periodMs) {
    vertx.executeBlocking(() -> {
      if (meta.putIfAbsent("sweep", memberId, Math.max(1, periodMs - 500), TimeUnit.MILLISECONDS) != null) {
        return false;
      }
      Map<String, Long> ttls = new HashMap<>();
      config.rooms().forEach((kind, retention) -> ttls.put(kind, retention.ttlSeconds()));
      logs.executeOnEntries(new TrimProcessor(clock.getAsLong(), config.retention().ttlSeconds(), ttls));
      return true;
    }, false).onFailure(e -> LOG.warn("history sweep failed: {}", e.toString()));
  }

  /** A Hazelcast call; failing or throwing (Hazelcast throws while its member shuts down), it is a 503. */
  private <T> Future<T> call(Supplier<CompletionStage<T>> stage) {
    return HazelcastFutures.call(context, stage).recover(e -> {
      LOG.warn("hazelcast history store call failed: {}", e.toString());
      return Future.failedFuture(BusErrors.unavailable("the history store is unavailable"));
    });
  }
}
