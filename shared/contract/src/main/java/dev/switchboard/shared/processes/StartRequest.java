package dev.switchboard.shared.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code sb.processes.start}: {@code {command, args?, cwd?, env?, name?, node?, timeoutMs?, restart?}}. {@link #fromJson}
 * checks the shape (types, lengths, counts); whether the command, its arguments, the directory and the
 * variables are allowed is the allow-list's business. {@code restart} is checked here (see {@link RestartPolicy})
 * and kept as given: the allow-list lays it over the command's default.
 */
public record StartRequest(String command, List<String> args, String cwd, Map<String, String> env, String name,
                           String node, Long timeoutMs, JsonObject restart) {

  public static final int MAX_ARGS = 64;
  public static final int MAX_ARG_CHARS = 4096;
  public static final int MAX_ENV = 32;
  public static final int MAX_PATH_CHARS = 1024;
  private static final Set<String> FIELDS = Set.of("command", "args", "cwd", "env", "name", "node", "timeoutMs", "restart");
  /** Any text without NUL, of bounded length. */
  private static final Pattern ARG = Pattern.compile("[^\\x00]{0," + MAX_ARG_CHARS + "}");
  private static final Pattern PATH = Pattern.compile("/[^\\x00]{0," + (MAX_PATH_CHARS - 1) + "}");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern DISPLAY_NAME = Pattern.compile("[^\\p{Cntrl}]{1,128}");

  public StartRequest {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  public static StartRequest fromJson(Object body) {
    RequestFields fields = RequestFields.of(body, FIELDS);
    String command = fields.string("command", RequestFields.NAME, "a command name of 1 to 64 of [A-Za-z0-9_.-]");
    JsonArray argArray = fields.optionalArray("args", MAX_ARGS);
    List<String> args = new ArrayList<>();
    for (int i = 0; i < argArray.size(); i++) {
      Object arg = argArray.getValue(i);
      if (!(arg instanceof String s) || !ARG.matcher(s).matches()) {
        throw BusErrors.invalid("args[" + i + "]", arg, "a string of at most " + MAX_ARG_CHARS + " characters without NUL");
      }
      args.add(s);
    }
    String cwd = fields.optionalString("cwd", PATH, "an absolute path of at most " + MAX_PATH_CHARS + " characters");
    JsonObject envObject = fields.optionalObject("env", MAX_ENV);
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : envObject.fieldNames()) {
      if (!ENV_KEY.matcher(key).matches()) {
        throw BusErrors.invalid("env", key, "variable names of [A-Za-z_][A-Za-z0-9_]*, at most 128 characters");
      }
      Object value = envObject.getValue(key);
      if (!(value instanceof String s) || !ARG.matcher(s).matches()) {
        throw BusErrors.invalid("env." + key, value, "a string of at most " + MAX_ARG_CHARS + " characters without NUL");
      }
      env.put(key, s);
    }
    String name = fields.optionalString("name", DISPLAY_NAME, "1 to 128 characters without control characters");
    String node = fields.optionalString("node", RequestFields.NAME, "a node name of 1 to 64 of [A-Za-z0-9_.-]");
    Long timeoutMs = fields.optionalLong("timeoutMs", 1, Long.MAX_VALUE);
    Object restart = fields.has("restart") ? ((JsonObject) body).getValue("restart") : null;
    RestartPolicy.parse(restart, RestartPolicy.DEFAULT, "restart");
    return new StartRequest(command, args, cwd, env, name == null ? command : name, node, timeoutMs,
        restart == null ? null : ((JsonObject) restart).copy());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("command", command).put("args", new JsonArray(args)).put("name", name);
    if (cwd != null) {
      json.put("cwd", cwd);
    }
    if (!env.isEmpty()) {
      json.put("env", new JsonObject(new LinkedHashMap<>(env)));
    }
    if (node != null) {
      json.put("node", node);
    }
    if (timeoutMs != null) {
      json.put("timeoutMs", timeoutMs);
    }
    if (restart != null) {
      json.put("restart", restart.copy());
    }
    return json;
  }
}
