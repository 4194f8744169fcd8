package dev.switchboard.shared.events;

import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.io.Serializable;

/**
 * History's answer to an append: {@code {id, offset, epoch}}, plus {@code "duplicate": true} when the room's
 * retained log already held an event with that id (then these are that event's offset and epoch and nothing was
 * appended).
 */
public record AppendReply(String id, long offset, String epoch, boolean duplicate) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("offset", offset).put("epoch", epoch);
    return duplicate ? json.put("duplicate", true) : json;
  }

  public static AppendReply fromJson(JsonObject json) {
    return new AppendReply(json.getString("id"), json.getLong("offset"), json.getString("epoch"),
        json.getBoolean("duplicate", false));
  }
}
