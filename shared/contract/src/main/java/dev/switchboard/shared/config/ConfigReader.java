package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads typed, validated values from a merged config by dotted path; every failure names the key. */
public final class ConfigReader {

  /** Node names, room ids, cluster names: 1–64 of {@code [A-Za-z0-9_.-]}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final JsonObject root;

  public ConfigReader(JsonObject root) {
    this.root = root;
  }

  public Object value(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }

  public JsonObject object(String path) {
    Object value = value(path);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new ConfigException(path, value, "an object");
  }

  public long integer(String path, long min, long max) {
    Object value = value(path);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    throw new ConfigException(path, value, "a whole number from " + min + " to " + max);
  }

  public int port(String path) {
    return (int) integer(path, 1, 65535);
  }

  public int positive(String path) {
    return (int) integer(path, 1, Integer.MAX_VALUE);
  }

  public boolean bool(String path) {
    Object value = value(path);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(path, value, "true or false");
  }

  public String string(String path, Pattern pattern, String expected) {
    Object value = value(path);
    if (value instanceof String s && pattern.matcher(s).matches()) {
      return s;
    }
    throw new ConfigException(path, value, expected);
  }

  public String nonEmpty(String path) {
    return string(path, Pattern.compile("(?s).*\\S.*"), "a non-empty string");
  }

  /** A string or null (for keys whose default is null). */
  public String optionalString(String path) {
    Object value = value(path);
    if (value == null || value instanceof String s && !s.isEmpty()) {
      return (String) value;
    }
    throw new ConfigException(path, value, "a non-empty string or null");
  }

  public String oneOf(String path, List<String> allowed) {
    Object value = value(path);
    if (value instanceof String s && allowed.contains(s)) {
      return s;
    }
    throw new ConfigException(path, value, "one of " + String.join(", ", allowed));
  }

  public List<String> strings(String path, Pattern pattern, String expected) {
    Object value = value(path);
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(path, value, "an array of " + expected);
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String s) || !pattern.matcher(s).matches()) {
        throw new ConfigException(path + "[" + i + "]", item, expected);
      }
      result.add(s);
    }
    return List.copyOf(result);
  }

  public List<JsonObject> objects(String path) {
    Object value = value(path);
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(path, value, "an array of objects");
    }
    List<JsonObject> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw new ConfigException(path + "[" + i + "]", array.getValue(i), "an object");
      }
      result.add(object);
    }
    return List.copyOf(result);
  }
}
