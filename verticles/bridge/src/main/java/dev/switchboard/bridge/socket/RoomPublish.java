package dev.switchboard.bridge.socket;

import io.vertx.core.json.JsonObject;

/**
 * The {@code sb.broadcast.publish} request for a client's publish into a room (a bridge frame's body or a REST body):
 * the room from the address or path, and only the fields a client may set. The broadcaster validates them.
 */
public final class RoomPublish {

  private static final String[] CLIENT_FIELDS = {"type", "data", "id", "correlationId"};

  private RoomPublish() {
  }

  public static JsonObject request(String room, JsonObject body) {
    JsonObject request = new JsonObject().put("room", room);
    for (String field : CLIENT_FIELDS) {
      if (body.containsKey(field)) {
        request.put(field, body.getValue(field));
      }
    }
    return request;
  }
}
