package dev.switchboard.shared.events;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.json.JsonObject;

/**
 * {@code sb.history.replay}: {@code {room, since?, epoch?, limit?}} (docs/architecture.md, "Bus addresses").
 * Fields outside these are ignored.
 *
 * @param since null: the newest {@code limit} events; else the events with offsets above it
 * @param epoch null: not checked
 */
public record ReplayRequest(String room, Long since, String epoch, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final int MAX_EPOCH = 64;

  public static ReplayRequest fromJson(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw BusErrors.invalid("the request must be a JSON object {room, since?, epoch?, limit?}");
    }
    Object room = json.getValue("room");
    String problem = room instanceof String name ? RoomNames.problem(name) : "room must be a string, got " + BusErrors.show(room);
    if (problem != null) {
      throw BusErrors.invalid(problem);
    }
    Object since = json.getValue("since");
    if (since != null && !((since instanceof Integer || since instanceof Long) && ((Number) since).longValue() >= 0)) {
      throw BusErrors.invalid("since", since, "a whole number of at least 0 (0: I have nothing)");
    }
    Object epoch = json.getValue("epoch");
    if (epoch != null && !(epoch instanceof String e && !e.isEmpty() && e.length() <= MAX_EPOCH)) {
      throw BusErrors.invalid("epoch", epoch, "a string of 1 to " + MAX_EPOCH + " characters");
    }
    Object limit = json.getValue("limit");
    if (limit != null && !((limit instanceof Integer || limit instanceof Long) && ((Number) limit).longValue() >= 1
        && ((Number) limit).longValue() <= MAX_LIMIT)) {
      throw BusErrors.invalid("limit", limit, "a whole number from 1 to " + MAX_LIMIT);
    }
    return new ReplayRequest((String) room, since == null ? null : ((Number) since).longValue(), (String) epoch,
        limit == null ? DEFAULT_LIMIT : ((Number) limit).intValue());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("limit", limit);
    if (since != null) {
      json.put("since", since);
    }
    if (epoch != null) {
      json.put("epoch", epoch);
    }
    return json;
  }
}
