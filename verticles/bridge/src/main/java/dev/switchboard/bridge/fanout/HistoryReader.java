package dev.switchboard.bridge.fanout;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Asks history for a slice of a room: {@code sb.history.replay} {room, since, epoch?, limit}. */
public interface HistoryReader {

  Future<JsonObject> replay(JsonObject request);
}
