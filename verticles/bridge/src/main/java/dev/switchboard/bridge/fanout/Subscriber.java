package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.rooms.RoomEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One socket's registration on a room: where to write, the event types it takes (null: all), the offset up to
 * which it has everything ({@code floor}: later duplicates are dropped), and — while its missed events are
 * being replayed — the live events held back until the replay is done.
 */
final class Subscriber {

  final FanoutTarget target;
  final Set<String> types;
  long floor;
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
