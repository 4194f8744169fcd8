package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shape of {@code switchboard.json}: its built-in defaults (conf/README.md) are the schema.
 * A key the defaults do not have is unknown; a value must have the type of its default (a {@code null}
 * default takes a string). {@code history.rooms} and {@code processes.commands} are maps whose keys are
 * the user's (room kinds, command names).
 */
public final class ConfigSchema {

  /** Maps whose keys the user chooses, with the template each entry is checked against (or null). */
  private static final Map<String, JsonObject> OPEN_MAPS = Map.of(
      "history.rooms", new JsonObject().put("size", 0).put("ttlSeconds", 0),
      "processes.commands", new JsonObject());

  /** Maps that a config file replaces rather than merges into the defaults (an allow-list adds nothing of its own). */
  private static final Set<String> REPLACED = Set.of("processes.commands");

  private static final JsonObject DEFAULTS = load();
  private static final Map<String, Object> LEAVES = collectLeaves();

  private ConfigSchema() {
  }

  /** A fresh copy of the built-in defaults. */
  public static JsonObject defaults() {
    return DEFAULTS.copy();
  }

  /** Parses config text, naming the source when it is not a JSON object. */
  public static JsonObject parse(String text, String source) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(source, firstLine(e.getMessage()), "a JSON object");
    }
  }

  /** Fails on the first unknown key or mistyped value of {@code candidate}. */
  public static void check(JsonObject candidate) {
    checkObject(candidate, DEFAULTS, "");
  }

  /** {@code base} overlaid with {@code overlay}: objects merge key by key, anything else is replaced. */
  public static JsonObject merge(JsonObject base, JsonObject overlay) {
    JsonObject result = base.copy();
    mergeInto(result, overlay, "");
    return result;
  }

  /**
   * Every key that can be set from one string (environment, flags), by dotted path, with its default.
   * Keys inside the user's maps are not among them.
   */
  public static Map<String, Object> leaves() {
    return LEAVES;
  }

  /** Parses one string for the key at {@code path}, typed by its default; {@code origin} names where it came from. */
  public static Object parseValue(String path, String text, String origin) {
    if (!LEAVES.containsKey(path)) {
      throw new ConfigException(origin, text, "a known key: one of " + String.join(", ", LEAVES.keySet()));
    }
    Object template = LEAVES.get(path);
    String trimmed = text.trim();
    if (template instanceof Number) {
      try {
        return Long.parseLong(trimmed);
      } catch (NumberFormatException e) {
        throw new ConfigException(origin, text, "a whole number");
      }
    }
    if (template instanceof Boolean) {
      if (trimmed.equals("true") || trimmed.equals("false")) {
        return Boolean.parseBoolean(trimmed);
      }
      throw new ConfigException(origin, text, "true or false");
    }
    if (template instanceof JsonArray) {
      if (trimmed.startsWith("[")) {
        try {
          return new JsonArray(trimmed);
        } catch (DecodeException e) {
          throw new ConfigException(origin, text, "a JSON array or a comma-separated list");
        }
      }
      JsonArray items = new JsonArray();
      for (String item : trimmed.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return items;
    }
    return text;
  }

  /** Sets the value at a dotted path, creating the objects on the way. */
  public static void put(JsonObject target, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = target;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = node.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = next;
    }
    node.put(parts[parts.length - 1], value);
  }

  private static void checkObject(JsonObject candidate, JsonObject schema, String prefix) {
    for (Map.Entry<String, Object> entry : candidate) {
      String path = prefix + entry.getKey();
      Object value = entry.getValue();
      if (!schema.containsKey(entry.getKey())) {
        throw new ConfigException(path, value, "a known key: one of "
            + String.join(", ", new TreeSet<>(schema.fieldNames()).stream().map(k -> prefix + k).toList()));
      }
      Object template = schema.getValue(entry.getKey());
      checkType(path, value, template);
      if (value instanceof JsonObject object) {
        JsonObject entryTemplate = OPEN_MAPS.get(path);
        if (entryTemplate != null) {
          checkOpenMap(object, entryTemplate, path);
        } else {
          checkObject(object, (JsonObject) template, path + ".");
        }
      }
    }
  }

  private static void checkOpenMap(JsonObject map, JsonObject entryTemplate, String path) {
    for (Map.Entry<String, Object> entry : map) {
      String entryPath = path + "." + entry.getKey();
      if (!(entry.getValue() instanceof JsonObject entryValue)) {
        throw new ConfigException(entryPath, entry.getValue(), "an object");
      }
      if (!entryTemplate.isEmpty()) {
        checkObject(entryValue, entryTemplate, entryPath + ".");
      }
    }
  }

  private static void checkType(String path, Object value, Object template) {
    if (template == null) {
      if (value != null && !(value instanceof String)) {
        throw new ConfigException(path, value, "a string or null");
      }
    } else if (template instanceof Number) {
      if (!(value instanceof Integer || value instanceof Long)) {
        throw new ConfigException(path, value, "a whole number");
      }
    } else if (template instanceof Boolean) {
      if (!(value instanceof Boolean)) {
        throw new ConfigException(path, value, "true or false");
      }
    } else if (template instanceof String) {
      if (!(value instanceof String)) {
        throw new ConfigException(path, value, "a string");
      }
    } else if (template instanceof JsonArray) {
      if (!(value instanceof JsonArray)) {
        throw new ConfigException(path, value, "an array");
      }
    } else if (template instanceof JsonObject && !(value instanceof JsonObject)) {
      throw new ConfigException(path, value, "an object");
    }
  }

  private static void mergeInto(JsonObject target, JsonObject overlay, String prefix) {
    for (Map.Entry<String, Object> entry : overlay) {
      String path = prefix + entry.getKey();
      Object existing = target.getValue(entry.getKey());
      if (entry.getValue() instanceof JsonObject object && existing instanceof JsonObject current
          && !REPLACED.contains(path)) {
        mergeInto(current, object, path + ".");
      } else {
        Object value = entry.getValue();
        target.put(entry.getKey(), value instanceof JsonObject o ? o.copy()
            : value instanceof JsonArray a ? a.copy() : value);
      }
    }
  }

  private static void collectLeaves(JsonObject object, String prefix, Map<String, Object> leaves) {
    for (Map.Entry<String, Object> entry : object) {
      String path = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject child && !OPEN_MAPS.containsKey(path)) {
        collectLeaves(child, path + ".", leaves);
      } else if (!(entry.getValue() instanceof JsonObject)) {
        leaves.put(path, entry.getValue());
      }
    }
  }

  private static Map<String, Object> collectLeaves() {
    Map<String, Object> leaves = new LinkedHashMap<>();
    collectLeaves(DEFAULTS, "", leaves);
    return java.util.Collections.unmodifiableMap(leaves);
  }

  private static JsonObject load() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream("defaults.json")) {
      if (in == null) {
        throw new IllegalStateException("defaults.json missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
