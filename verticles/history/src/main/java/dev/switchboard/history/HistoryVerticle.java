package dev.switchboard.history;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The history role: the per-room event log: offsets, retention, replay and recovery. */
public final class HistoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    LOG.info("history started [node: {}]", config.node().name());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    LOG.info("history stopped");
    return Future.succeededFuture();
  }
}
