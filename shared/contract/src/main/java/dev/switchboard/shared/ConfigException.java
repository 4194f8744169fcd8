package dev.switchboard.shared;

/**
 * A configuration value the node cannot run with. Its message is the one line a person reads:
 * the key, the offending value and what was expected.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, Object value, String expected) {
    super("invalid config: " + key + " = " + show(value) + " (expected " + expected + ")");
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return '"' + s + '"';
    }
    String text = String.valueOf(value);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
