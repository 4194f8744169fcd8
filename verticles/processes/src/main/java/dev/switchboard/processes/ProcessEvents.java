package dev.switchboard.processes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where the process monitor's events go: one publish per event into a room (docs/operations.md, "Processes").
 * The returned future completes when the event was taken or refused; callers never wait on it to carry on,
 * output publishing uses it for flow control.
 */
public interface ProcessEvents {

  Future<Void> publish(String room, String type, JsonObject data);
}
