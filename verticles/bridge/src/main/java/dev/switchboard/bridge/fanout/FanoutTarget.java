package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.rooms.RoomEvent;

/** Something a room's events are written to: a socket. */
public interface FanoutTarget {

  /** Writes a frame encoded once for this node ({@code event} null for a frame that is no live event: a replay, a notice). */
  void deliver(OutboundFrame frame, RoomEvent event);
}
