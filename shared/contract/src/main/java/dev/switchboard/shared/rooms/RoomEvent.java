package dev.switchboard.shared.rooms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One event of a room as it travels to the nodes that hold subscribers: the envelope encoded once (JSON,
 * UTF-8) plus what delivery needs without parsing it. Immutable; the envelope buffer must not be written to.
 *
 * @param offset 0 for a room without history
 * @param epoch null for a room without history
 * @param tsMillis when the broadcaster built the envelope, for the delivery-latency metric
 */
public record RoomEvent(String room, long offset, String epoch, String type, long tsMillis, Buffer envelope) {

  /** The envelope as a JSON object (parses it: not for the fan-out path). */
  public JsonObject envelopeJson() {
    return new JsonObject(envelope);
  }

  public static RoomEvent of(JsonObject envelope, long tsMillis) {
    return new RoomEvent(envelope.getString("room"), envelope.getLong("offset", 0L), envelope.getString("epoch"),
        envelope.getString("type"), tsMillis, envelope.toBuffer());
  }
}
