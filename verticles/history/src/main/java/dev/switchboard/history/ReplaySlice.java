package dev.switchboard.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What a replay found in one room's log: the envelopes (JSON text, ascending offsets) and the reply fields of
 * {@code sb.history.replay}. Serializable: the Hazelcast store computes it on the partition owner.
 */
record ReplaySlice(String room, List<String> events, long offset, String epoch, boolean recovered, boolean more)
    implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** The reply body; each envelope is parsed here, once. */
  JsonObject toJson() {
    JsonArray array = new JsonArray(new java.util.ArrayList<>(events.size()));
    for (String event : events) {
      array.add(new JsonObject(event));
    }
    return new JsonObject().put("room", room).put("events", array).put("offset", offset).put("epoch", epoch)
        .put("recovered", recovered).put("more", more);
  }
}
