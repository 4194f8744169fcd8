package dev.switchboard.history;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.eventbus.ReplyException;

/** {@code history.maxRooms}: the refusal of an append that would make a room past it (existing rooms keep working). */
final class RoomCap {

  private RoomCap() {
  }

  /** 429: the room is new and the store is full. */
  static ReplyException refusal(String room, int maxRooms) {
    return BusErrors.limit("room " + room + " is new and the history store already holds history.maxRooms ("
        + maxRooms + ") rooms");
  }
}
