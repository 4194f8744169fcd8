package dev.switchboard.processes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where the process monitor's events go: one publish per event into a room (docs/operations.md, "Processes").
 * The returned future completes when the event was stored, and fails when it was refused or not answered; output
 * publishing uses it for flow control and counting, {@link LifecycleEvents} to retry.
 */
public interface ProcessEvents {

  /** {@code id}: the event's id, so that a retry is recognised as the same event; null: the broadcaster makes one. */
  Future<Void> publish(String room, String type, JsonObject data, String id);

  default Future<Void> publish(String room, String type, JsonObject data) {
    return publish(room, type, data, null);
  }
}
