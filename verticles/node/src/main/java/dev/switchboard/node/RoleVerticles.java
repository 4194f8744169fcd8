package dev.switchboard.node;

import dev.switchboard.bridge.BridgeVerticle;
import dev.switchboard.broadcaster.BroadcasterVerticle;
import dev.switchboard.history.HistoryVerticle;
import dev.switchboard.processes.ProcessMonitorVerticle;
import dev.switchboard.shared.Role;
import io.vertx.core.Deployable;

/** Which verticle carries out each role. */
final class RoleVerticles {

  private RoleVerticles() {
  }

  static Deployable create(Role role) {
    return switch (role) {
      case HISTORY -> new HistoryVerticle();
      case BROADCASTER -> new BroadcasterVerticle();
      case PROCESSES -> new ProcessMonitorVerticle();
      case BRIDGE -> new BridgeVerticle();
    };
  }
}
