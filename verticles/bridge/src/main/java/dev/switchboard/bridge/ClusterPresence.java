package dev.switchboard.bridge;

import dev.switchboard.bridge.socket.PresenceTracker;
import dev.switchboard.shared.presence.Presence;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/** Sockets entering and leaving rooms, told to the cluster-wide presence; a failure is logged, at most once a minute. */
final class ClusterPresence implements PresenceTracker {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPresence.class);
  private static final long LOG_EVERY_MS = 60_000;

  private final Presence presence;
  private final AtomicLong lastLogged = new AtomicLong();

  ClusterPresence(Presence presence) {
    this.presence = presence;
  }

  @Override
  public void joined(String room, String user) {
    report(presence.joined(room, user), "join", room);
  }

  @Override
  public void left(String room, String user) {
    report(presence.left(room, user), "leave", room);
  }

  private void report(Future<Void> change, String what, String room) {
    change.onFailure(e -> {
      long now = System.currentTimeMillis();
      long last = lastLogged.get();
      if (now - last > LOG_EVERY_MS && lastLogged.compareAndSet(last, now)) {
        LOG.warn("presence {} not recorded [room: {}]: {}", what, room, e.getMessage());
      }
    });
  }
}
