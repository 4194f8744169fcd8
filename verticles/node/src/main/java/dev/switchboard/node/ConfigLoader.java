package dev.switchboard.node;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the node's configuration: built-in defaults, then the config file, then {@code SWITCHBOARD_*}
 * environment variables, then flags. Runs once on the main thread before Vert.x exists, so it reads the
 * file directly (and checks the {@code cluster.tls} files, so that a bad one stops the node like any bad value).
 */
final class ConfigLoader {

  static final Path DEFAULT_FILE = Path.of("conf", "switchboard.json");
  private static final String ENV_PREFIX = "SWITCHBOARD_";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private ConfigLoader() {
  }

  /** The node's merged configuration and its typed view, with {@code node.name} resolved. */
  record Loaded(JsonObject json, SwitchboardConfig config, String source) {
  }

  static Loaded load(CommandLine commandLine, Map<String, String> environment) {
    JsonObject merged = ConfigSchema.defaults();
    String source = "built-in defaults";
    Path file = commandLine.confFile() != null ? Path.of(commandLine.confFile()) : DEFAULT_FILE;
    if (commandLine.confFile() != null || Files.isRegularFile(DEFAULT_FILE)) {
      JsonObject fromFile = readFile(file);
      ConfigSchema.check(fromFile);
      merged = ConfigSchema.merge(merged, fromFile);
      source = file.toString();
    }
    merged = ConfigSchema.merge(merged, fromEnvironment(environment));
    merged = ConfigSchema.merge(merged, commandLine.overrides());
    SwitchboardConfig config = SwitchboardConfig.fromJson(merged);
    if (config.cluster().tls() != null) {
      config.cluster().tls().checkFiles();
    }
    if (config.node().name() == null) {
      ConfigSchema.put(merged, "node.name", defaultName(config));
      config = SwitchboardConfig.fromJson(merged);
    }
    return new Loaded(merged, config, source);
  }

  /** A node with no name is named after its cluster address, unique in any cluster. */
  static String defaultName(SwitchboardConfig config) {
    return "node-" + config.cluster().host() + "-" + config.cluster().port();
  }

  static JsonObject fromEnvironment(Map<String, String> environment) {
    JsonObject overrides = new JsonObject();
    Map<String, Object> leaves = ConfigSchema.leaves();
    environment.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ENV_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> {
          String wanted = e.getKey().substring(ENV_PREFIX.length());
          String key = leaves.keySet().stream()
              .filter(path -> path.replace('.', '_').toUpperCase().equals(wanted))
              .findFirst().orElse(null);
          if (key == null) {
            LOG.warn("environment variable ignored: no config key of that name [variable: {}]", e.getKey());
          } else {
            ConfigSchema.put(overrides, key, ConfigSchema.parseValue(key, e.getValue(), e.getKey()));
          }
        });
    return overrides;
  }

  private static JsonObject readFile(Path file) {
    try {
      return ConfigSchema.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ConfigException("--conf", file.toString(), "a readable config file (" + e.getClass().getSimpleName() + ")");
    }
  }
}
