package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.rooms.RoomEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One socket's registration on a room: where to write, the event types it takes (null: all), its position — the
 * {@code epoch} of the room's log it follows and the offset up to which it has everything of it (-1: no position yet)
 * ({@code floor}: later duplicates are dropped, a jump past {@code floor + 1} is a gap it is told about) — and, while
 * its missed events are being replayed, the live events held back until the replay is done (all of them, whatever
 * its types: gaps are judged on offsets).
 */
final class Subscriber {

  final FanoutTarget target;
  final Set<String> types;
  String epoch;
  long floor = -1;
  List<RoomEvent> held;

  Subscriber(FanoutTarget target, Set<String> types) {
    this.target = target;
    this.types = types;
  }

  boolean takes(String type) {
    return types == null || types.contains(type);
  }

  boolean recovering() {
    return held != null;
  }

  void startRecovering() {
    held = new ArrayList<>();
  }
}
