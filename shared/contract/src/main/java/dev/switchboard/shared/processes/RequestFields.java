package dev.switchboard.shared.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/** Typed reads of request fields; every failure is a 400 naming the field and the offending value. */
final class RequestFields {

  /** Node names, command names: 1–64 of {@code [A-Za-z0-9_.-]}. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Process ids, usable as a room id: 1–128 of {@code [A-Za-z0-9_.-]}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private final JsonObject body;

  private RequestFields(JsonObject body) {
    this.body = body;
  }

  /** The body's fields, after checking that it is an object with no field outside {@code known}. */
  static RequestFields of(Object body, Set<String> known) {
    if (body == null) {
      return new RequestFields(new JsonObject());
    }
    if (!(body instanceof JsonObject json)) {
      throw BusErrors.invalid("the request must be a JSON object");
    }
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw BusErrors.invalid("unknown field " + BusErrors.show(field) + "; expected some of " + String.join(", ", known));
      }
    }
    return new RequestFields(json);
  }

  boolean has(String field) {
    return body.getValue(field) != null;
  }

  String string(String field, Pattern pattern, String expected) {
    Object value = body.getValue(field);
    if (value instanceof String s && pattern.matcher(s).matches()) {
      return s;
    }
    throw BusErrors.invalid(field, value, expected);
  }

  String optionalString(String field, Pattern pattern, String expected) {
    return has(field) ? string(field, pattern, expected) : null;
  }

  Long optionalLong(String field, long min, long max) {
    if (!has(field)) {
      return null;
    }
    Object value = body.getValue(field);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    throw BusErrors.invalid(field, value, "a whole number from " + min + " to " + max);
  }

  JsonArray optionalArray(String field, int maxItems) {
    if (!has(field)) {
      return new JsonArray();
    }
    Object value = body.getValue(field);
    if (value instanceof JsonArray array && array.size() <= maxItems) {
      return array;
    }
    throw BusErrors.invalid(field, value, "an array of at most " + maxItems + " items");
  }

  JsonObject optionalObject(String field, int maxFields) {
    if (!has(field)) {
      return new JsonObject();
    }
    Object value = body.getValue(field);
    if (value instanceof JsonObject object && object.size() <= maxFields) {
      return object;
    }
    throw BusErrors.invalid(field, value, "an object of at most " + maxFields + " fields");
  }
}
