package dev.switchboard.shared.events;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.json.JsonObject;

/**
 * {@code sb.broadcast.publish}: {@code {room, type, data, id?, correlationId?}}. {@link #fromJson} checks the shape and
 * fails with 400 naming the field; the size of {@code data}, permissions and rate limits are the broadcaster's.
 * Fields outside these are ignored.
 *
 * @param data any JSON value ({@code JsonObject}, {@code JsonArray}, string, number, boolean) or null
 * @param id null when the broadcaster is to make one (UUIDv7)
 */
public record PublishRequest(String room, String type, Object data, String id, String correlationId) {

  public static final int MAX_TYPE = 128;
  public static final int MAX_ID = 64;
  public static final int MAX_CORRELATION_ID = 128;

  public static PublishRequest fromJson(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw BusErrors.invalid("the request must be a JSON object {room, type, data, id?, correlationId?}");
    }
    Object room = json.getValue("room");
    String problem = room instanceof String name ? RoomNames.problem(name) : "room must be a string, got " + BusErrors.show(room);
    if (problem != null) {
      throw BusErrors.invalid(problem);
    }
    Object type = json.getValue("type");
    if (!(type instanceof String t) || t.isEmpty() || t.length() > MAX_TYPE) {
      throw BusErrors.invalid("type", type, "a string of 1 to " + MAX_TYPE + " characters");
    }
    if (EventTypes.reserved((String) type)) {
      throw BusErrors.invalid("type", type, "a type that does not start with \"" + EventTypes.RESERVED_PREFIX
          + "\" (reserved for Switchboard's own notices)");
    }
    Object id = json.getValue("id");
    if (id != null && !(id instanceof String s && !s.isEmpty() && s.length() <= MAX_ID && RoomNames.isIdText(s))) {
      throw BusErrors.invalid("id", id, "1 to " + MAX_ID + " of [A-Za-z0-9_.-]");
    }
    Object correlationId = json.getValue("correlationId");
    if (correlationId != null && !(correlationId instanceof String c && c.length() <= MAX_CORRELATION_ID)) {
      throw BusErrors.invalid("correlationId", correlationId, "a string of at most " + MAX_CORRELATION_ID + " characters");
    }
    return new PublishRequest((String) room, (String) type, json.getValue("data"), (String) id, (String) correlationId);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("type", type).put("data", data);
    if (id != null) {
      json.put("id", id);
    }
    if (correlationId != null) {
      json.put("correlationId", correlationId);
    }
    return json;
  }
}
