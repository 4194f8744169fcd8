package dev.switchboard.shared.events;

import io.vertx.core.json.JsonObject;

/**
 * {@code sb.history.append} (internal, broadcaster → history): {@code {room, id, tsMillis, envelope}} where
 * {@code envelope} is the envelope's JSON text without {@code offset}/{@code epoch}. History assigns both and keeps
 * the event, or finds an event with the same id in the room's retained log; it answers {@link AppendReply}.
 */
public record AppendRequest(String room, String id, long tsMillis, String envelope) {

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("id", id).put("tsMillis", tsMillis).put("envelope", envelope);
  }

  /** Trusts its sender (the broadcaster, inside the cluster); fails with IllegalArgumentException when a field is missing. */
  public static AppendRequest fromJson(JsonObject json) {
    String room = json.getString("room");
    String id = json.getString("id");
    Long ts = json.getLong("tsMillis");
    String envelope = json.getString("envelope");
    if (room == null || id == null || ts == null || envelope == null || !envelope.endsWith("}")) {
      throw new IllegalArgumentException("an append takes {room, id, tsMillis, envelope}");
    }
    return new AppendRequest(room, id, ts, envelope);
  }
}
