package dev.switchboard.history;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusService;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.ClusterRegroup;
import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.health.HealthChecks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history role: the per-room event log — offsets, retention, replay and recovery. Answers
 * {@code sb.history.append} (internal, from broadcasters) and {@code sb.history.replay} over the configured store.
 */
public final class HistoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);
  private static final String CHECK = "history";

  private HistoryStore store;
  private MemoryStoreClaim claim;
  private ClusterRegroup.Registration regroupWatch;

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    return openStore(config.history()).compose(opened -> {
      store = opened;
      HealthChecks.of(vertx).register(CHECK, store::check);
      HistoryService service = new HistoryService(store, config.history().maxReplyBytes());
      MessageConsumer<Object> append = BusService.serve(vertx, Addresses.HISTORY_APPEND, m -> service.append(m.body()));
      MessageConsumer<Object> replay = BusService.serve(vertx, Addresses.HISTORY_REPLAY, m -> service.replay(m.body()));
      LOG.info("history started [node: {}, store: {}, size: {}, ttlSeconds: {}, maxRooms: {}, maxReplyBytes: {}]",
          config.node().name(), config.history().store(), config.history().retention().size(),
          config.history().retention().ttlSeconds(), config.history().maxRooms(), config.history().maxReplyBytes());
      return Future.all(append.completion(), replay.completion());
    });
  }

  @Override
  public Future<?> stop() {
    HealthChecks.of(vertx).unregister(CHECK);
    if (regroupWatch != null) {
      ClusterRegroup.stop(vertx, regroupWatch);
    }
    Future<Void> closed = store == null ? Future.succeededFuture() : store.close();
    return closed.compose(v -> claim == null ? Future.succeededFuture() : claim.release())
        .onComplete(v -> LOG.info("history stopped"));
  }

  /** How often idle rooms are swept: a tenth of the shortest time to live, between 1 s and 60 s. */
  static long sweepPeriodMs(HistoryConfig config) {
    long shortest = config.retention().ttlSeconds();
    for (HistoryConfig.Retention retention : config.rooms().values()) {
      shortest = Math.min(shortest, retention.ttlSeconds());
    }
    return Math.max(1000, Math.min(60_000, shortest * 100));
  }

  private Future<HistoryStore> openStore(HistoryConfig config) {
    return switch (config.store()) {
      case "memory" -> {
        if (!vertx.isClustered()) {
          yield Future.succeededFuture(new MemoryHistoryStore(vertx, config, System::currentTimeMillis));
        }
        claim = new MemoryStoreClaim(vertx, ClusterAccess.hazelcast(vertx));
        regroupWatch = ClusterRegroup.watch(vertx, "memory store claim", (before, now) -> claim.claim());
        yield claim.claim().map(v -> new MemoryHistoryStore(vertx, config, System::currentTimeMillis));
      }
      case "hazelcast" -> HazelcastHistoryStore.open(vertx, ClusterAccess.hazelcast(vertx), config,
          System::currentTimeMillis).map(s -> s);
      case "redis" -> RedisHistoryStore.open(vertx, config, System::currentTimeMillis).map(s -> s);
      case "postgres" -> PostgresHistoryStore.open(vertx, config, System::currentTimeMillis).map(s -> s);
      default -> Future.failedFuture("history.store \"" + config.store() + "\" is not available in this build;"
          + " expected one of " + String.join(", ", HistoryConfig.STORES));
    };
  }

}
