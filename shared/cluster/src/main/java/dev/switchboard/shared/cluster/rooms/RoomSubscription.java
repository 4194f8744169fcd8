package dev.switchboard.shared.cluster.rooms;

import io.vertx.core.Future;

/** A local subscription to a room; {@link #close()} ends it. */
public interface RoomSubscription {

  String room();

  /** Unregisters the local consumer; the directory entry goes when the node's last subscriber of the room does. */
  Future<Void> close();
}
