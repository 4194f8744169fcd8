package dev.switchboard.processes;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The processes role: OS processes started and stopped by bus messages. */
public final class ProcessMonitorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitorVerticle.class);

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    LOG.info("processes started [node: {}]", config.node().name());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    LOG.info("processes stopped");
    return Future.succeededFuture();
  }
}
