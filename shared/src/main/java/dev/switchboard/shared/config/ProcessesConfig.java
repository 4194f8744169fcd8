package dev.switchboard.shared.config;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code processes.*}: the allow-list (command name → its entry, at least an absolute {@code path}) and the
 * monitor's limits.
 */
public record ProcessesConfig(Map<String, JsonObject> commands, int maxPerNode, int outputLinesKept, long timeoutMs,
                              long killGraceMs) {

  static ProcessesConfig read(ConfigReader config) {
    Map<String, JsonObject> commands = new LinkedHashMap<>();
    JsonObject listed = config.object("processes.commands");
    for (String name : listed.fieldNames()) {
      String at = "processes.commands." + name;
      if (!ConfigReader.NAME.matcher(name).matches()) {
        throw new ConfigException(at, name, "a command name of 1 to 64 of [A-Za-z0-9_.-]");
      }
      Object path = listed.getJsonObject(name).getValue("path");
      if (!(path instanceof String p) || !p.startsWith("/") || p.contains("/../")) {
        throw new ConfigException(at + ".path", path, "an absolute path to an executable");
      }
      commands.put(name, listed.getJsonObject(name).copy());
    }
    return new ProcessesConfig(Map.copyOf(commands),
        config.positive("processes.maxPerNode"),
        config.positive("processes.outputLinesKept"),
        config.integer("processes.timeoutMs", 1, Long.MAX_VALUE),
        config.integer("processes.killGraceMs", 0, 600_000));
  }
}
