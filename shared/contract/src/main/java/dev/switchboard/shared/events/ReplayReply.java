package dev.switchboard.shared.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code sb.history.replay} (docs/protocol.md, "Rooms, offsets, recovery and presence"):
 * {@code {room, events, offset, epoch, recovered, more}} — the envelopes after {@code since} in ascending offsets, the
 * room's newest offset and current epoch, whether nothing asked for was lost, and whether more events follow. History
 * writes it; the bridge and the broadcaster read it. Reading is lenient as a client's would be: a missing list is
 * empty, a missing flag false.
 */
public record ReplayReply(String room, JsonArray events, long offset, String epoch, boolean recovered, boolean more) {

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("events", events).put("offset", offset).put("epoch", epoch)
        .put("recovered", recovered).put("more", more);
  }

  public static ReplayReply fromJson(JsonObject json) {
    JsonArray events = json.getValue("events") instanceof JsonArray array ? array : new JsonArray();
    Object offset = json.getValue("offset");
    return new ReplayReply(json.getValue("room") instanceof String room ? room : null, events,
        offset instanceof Number number ? number.longValue() : 0L,
        json.getValue("epoch") instanceof String epoch ? epoch : null,
        Boolean.TRUE.equals(json.getValue("recovered")), Boolean.TRUE.equals(json.getValue("more")));
  }
}
