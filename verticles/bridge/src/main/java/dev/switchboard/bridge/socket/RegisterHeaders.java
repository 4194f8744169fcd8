package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.fanout.Resume;
import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * The headers of a {@code register} frame (docs/protocol.md), type-checked: {@code types} (only these event types),
 * {@code since}/{@code epoch} (resume from an offset), {@code ack} (a {@code {registered}} notice on {@code sb.session}
 * once live). Unknown headers are ignored.
 *
 * @param types   null: every type
 * @param resume  null: live events only
 * @param refusal the first bad header (400), or null
 */
record RegisterHeaders(Set<String> types, Resume resume, boolean ack, Refusal refusal) {

  private static final int MAX_TYPES = 100;
  private static final int MAX_TYPE_LENGTH = 128;

  static RegisterHeaders of(JsonObject headers) {
    if (headers == null) {
      return new RegisterHeaders(null, null, false, null);
    }
    Set<String> types = null;
    if (headers.containsKey("types")) {
      types = typesOf(headers.getValue("types"));
      if (types == null) {
        return refused("headers.types must be an array of event type strings");
      }
    }
    Resume resume = null;
    if (headers.containsKey("since") || headers.containsKey("epoch")) {
      resume = resumeOf(headers);
      if (resume == null) {
        return refused("headers.since must be a whole number >= 0 and headers.epoch a string");
      }
    }
    Object ack = headers.getValue("ack");
    if (ack != null && !(ack instanceof Boolean)) {
      return refused("headers.ack must be true or false");
    }
    return new RegisterHeaders(types, resume, Boolean.TRUE.equals(ack), null);
  }

  private static RegisterHeaders refused(String message) {
    return new RegisterHeaders(null, null, false, Refusal.invalid(message));
  }

  private static Resume resumeOf(JsonObject headers) {
    Object since = headers.getValue("since");
    Object epoch = headers.getValue("epoch");
    if (!(since instanceof Integer || since instanceof Long) || ((Number) since).longValue() < 0
        || epoch != null && !(epoch instanceof String)) {
      return null;
    }
    return new Resume(((Number) since).longValue(), (String) epoch);
  }

  private static Set<String> typesOf(Object value) {
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TYPES) {
      return null;
    }
    Set<String> types = new HashSet<>();
    for (Object item : array) {
      if (!(item instanceof String type) || type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
        return null;
      }
      types.add(type);
    }
    return types;
  }
}
