package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.rooms.RoomEvent;

/** Something a room's events are written to: a socket. */
public interface FanoutTarget {

  /** Writes the frame, already encoded for this node, of {@code event}. */
  void deliver(String frame, RoomEvent event);
}
