package dev.switchboard.shared.config;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.processes.RestartPolicy;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code processes.*}: the allow-list (command name → {@link Command}) and the monitor's limits.
 * {@code publishPerSecond} is the budget a broadcaster node gives the process monitors' publishes (the rooms
 * {@code processes}, {@code errors}, {@code process:<id>}), apart from {@code broadcaster.publishPerSecond}.
 */
public record ProcessesConfig(Map<String, Command> commands, int maxPerNode, int outputLinesKept, long timeoutMs,
                              long killGraceMs, int publishPerSecond) {

  private static final Set<String> COMMAND_KEYS = Set.of("path", "args", "cwdRoots", "env", "restart");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  /**
   * One allowed command: {@code {path: "/abs/exe", args?: [regex...], cwdRoots?: ["/abs/dir"...], env?: ["KEY"...]}}.
   * Each argument of a request must fully match one of {@code args} (none listed: no arguments allowed); a
   * request's {@code cwd} must lie under one of {@code cwdRoots} (none listed: no {@code cwd} allowed); a request
   * may set only the variables named in {@code env}. {@code restart} is the command's default restart policy, which a
   * request's {@code restart} overrides field by field.
   */
  public record Command(String name, String path, List<Pattern> args, List<Path> cwdRoots, Set<String> env,
                        RestartPolicy restart) {

    public Command {
      args = List.copyOf(args);
      cwdRoots = List.copyOf(cwdRoots);
      env = Set.copyOf(env);
    }
  }

  static ProcessesConfig read(ConfigReader config) {
    Map<String, Command> commands = new LinkedHashMap<>();
    JsonObject listed = config.object("processes.commands");
    for (String name : listed.fieldNames()) {
      String at = "processes.commands." + name;
      if (!ConfigReader.NAME.matcher(name).matches()) {
        throw new ConfigException(at, name, "a command name of 1 to 64 of [A-Za-z0-9_.-]");
      }
      commands.put(name, command(name, config.object(at), at));
    }
    return new ProcessesConfig(java.util.Collections.unmodifiableMap(commands),
        config.positive("processes.maxPerNode"),
        config.positive("processes.outputLinesKept"),
        config.integer("processes.timeoutMs", 1, Long.MAX_VALUE),
        config.integer("processes.killGraceMs", 0, 600_000),
        config.positive("processes.publishPerSecond"));
  }

  private static Command command(String name, JsonObject entry, String at) {
    for (String key : entry.fieldNames()) {
      if (!COMMAND_KEYS.contains(key)) {
        throw new ConfigException(at + "." + key, entry.getValue(key), "a known key: one of path, args, cwdRoots, env, restart");
      }
    }
    Object path = entry.getValue("path");
    if (!(path instanceof String p) || !isAbsoluteNormal(p)) {
      throw new ConfigException(at + ".path", path, "an absolute path to an executable");
    }
    List<Pattern> args = new ArrayList<>();
    List<String> argTexts = strings(entry, "args", at);
    for (int i = 0; i < argTexts.size(); i++) {
      try {
        args.add(Pattern.compile(argTexts.get(i)));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(at + ".args[" + i + "]", argTexts.get(i), "a Java regular expression");
      }
    }
    List<Path> roots = new ArrayList<>();
    List<String> rootTexts = strings(entry, "cwdRoots", at);
    for (int i = 0; i < rootTexts.size(); i++) {
      if (!isAbsoluteNormal(rootTexts.get(i))) {
        throw new ConfigException(at + ".cwdRoots[" + i + "]", rootTexts.get(i), "an absolute directory path");
      }
      roots.add(Path.of(rootTexts.get(i)));
    }
    Set<String> env = new LinkedHashSet<>();
    List<String> envKeys = strings(entry, "env", at);
    for (int i = 0; i < envKeys.size(); i++) {
      if (!ENV_KEY.matcher(envKeys.get(i)).matches()) {
        throw new ConfigException(at + ".env[" + i + "]", envKeys.get(i), "a variable name of [A-Za-z_][A-Za-z0-9_]*");
      }
      env.add(envKeys.get(i));
    }
    RestartPolicy restart;
    try {
      restart = RestartPolicy.parse(entry.getValue("restart"), RestartPolicy.DEFAULT, at + ".restart");
    } catch (ReplyException e) {
      throw new ConfigException(at + ".restart", entry.getValue("restart"), BusErrors.sentence(e));
    }
    return new Command(name, (String) path, args, roots, env, restart);
  }

  private static List<String> strings(JsonObject entry, String key, String at) {
    Object value = entry.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(at + "." + key, value, "an array of strings");
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new ConfigException(at + "." + key + "[" + i + "]", array.getValue(i), "a string");
      }
      result.add(s);
    }
    return result;
  }

  private static boolean isAbsoluteNormal(String path) {
    return path.startsWith("/") && !path.contains("\0") && Path.of(path).normalize().toString().equals(path.length() > 1
        && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }
}
