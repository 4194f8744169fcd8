package dev.switchboard.broadcaster;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broadcaster role: rooms: validating, rate-limiting and publishing events into rooms, presence. */
public final class BroadcasterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BroadcasterVerticle.class);

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    LOG.info("broadcaster started [node: {}]", config.node().name());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    LOG.info("broadcaster stopped");
    return Future.succeededFuture();
  }
}
