package dev.switchboard.broadcaster;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusService;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.config.BroadcasterConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.presence.Presence;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The broadcaster role: validating, rate-limiting and publishing events into rooms ({@code sb.broadcast.publish}),
 * and presence ({@code sb.presence.get}).
 */
public final class BroadcasterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BroadcasterVerticle.class);
  static final long EVICT_PERIOD_MS = 10_000;

  private long evictTimer = -1;

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    BroadcasterConfig broadcaster = config.broadcaster();
    PublishLimiter limiter = new PublishLimiter(broadcaster.publishPerSecond(), config.processes().publishPerSecond(),
        PublishLimiter.MAX_BUCKETS, System::nanoTime);
    evictTimer = vertx.setPeriodic(EVICT_PERIOD_MS, t -> limiter.evictIdle());
    Publisher publisher = new Publisher(vertx, config.node().name(), broadcaster.maxEventBytes(), limiter,
        RoomRouting.of(vertx), ServiceRouting.of(config.node().roles()), PublishMetrics.of(config.node().name()));
    Presence presence = Presence.of(vertx).announceIn(config.broadcaster().presenceEvents());
    MessageConsumer<Object> publish = BusService.serve(vertx, Addresses.BROADCAST_PUBLISH, m -> publisher.publish(m.body(), m.headers()));
    MessageConsumer<Object> presenceGet = BusService.serve(vertx, Addresses.PRESENCE_GET, m -> presence.get(m.body()));
    LOG.info("broadcaster started [node: {}, publishPerSecond: {}, maxEventBytes: {}]", config.node().name(),
        broadcaster.publishPerSecond(), broadcaster.maxEventBytes());
    return Future.all(publish.completion(), presenceGet.completion());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(evictTimer);
    LOG.info("broadcaster stopped");
    return Future.succeededFuture();
  }

}
