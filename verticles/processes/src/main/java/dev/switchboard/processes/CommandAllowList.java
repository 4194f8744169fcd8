package dev.switchboard.processes;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.config.ProcessesConfig;
import dev.switchboard.shared.processes.RestartPolicy;
import dev.switchboard.shared.processes.StartRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code processes.commands}: decides whether a start request may run and what exactly runs. The executable is
 * the configured path, never a name looked up on PATH; arguments are passed as an array, never through a shell;
 * each argument must fully match one of the command's patterns; {@code cwd} must lie under one of its roots;
 * only the listed variables may be set. A command not in the list is refused with 403, any other refusal is 400
 * naming the field and the value.
 */
final class CommandAllowList {

  private final Map<String, ProcessesConfig.Command> commands;
  private final long maxTimeoutMs;

  CommandAllowList(ProcessesConfig config) {
    this.commands = config.commands();
    this.maxTimeoutMs = config.timeoutMs();
  }

  LaunchPlan plan(StartRequest request) {
    ProcessesConfig.Command command = commands.get(request.command());
    if (command == null) {
      throw BusErrors.forbidden("command " + BusErrors.show(request.command()) + " is not in the allow-list");
    }
    for (int i = 0; i < request.args().size(); i++) {
      String arg = request.args().get(i);
      if (command.args().stream().noneMatch(pattern -> pattern.matcher(arg).matches())) {
        throw BusErrors.invalid("args[" + i + "]", arg, command.args().isEmpty()
            ? "absent: command " + BusErrors.show(command.name()) + " takes no arguments"
            : "an argument allowed for command " + BusErrors.show(command.name()));
      }
    }
    for (String key : request.env().keySet()) {
      if (!command.env().contains(key)) {
        throw BusErrors.invalid("env", key, "one of the variables command " + BusErrors.show(command.name())
            + " may set: " + (command.env().isEmpty() ? "none" : String.join(", ", command.env())));
      }
    }
    Path cwd = null;
    Path root = null;
    if (request.cwd() != null) {
      cwd = normal(request.cwd());
      Path given = cwd;
      root = command.cwdRoots().stream().filter(given::startsWith).findFirst()
          .orElseThrow(() -> BusErrors.invalid("cwd", request.cwd(), command.cwdRoots().isEmpty()
              ? "absent: command " + BusErrors.show(command.name()) + " runs in the node's directory"
              : "a directory under one of " + command.cwdRoots()));
    }
    long timeoutMs = Optional.ofNullable(request.timeoutMs()).orElse(maxTimeoutMs);
    if (timeoutMs > maxTimeoutMs) {
      throw BusErrors.invalid("timeoutMs", timeoutMs, "at most " + maxTimeoutMs + " (processes.timeoutMs)");
    }
    RestartPolicy restart = RestartPolicy.parse(request.restart(), command.restart(), "restart");
    return new LaunchPlan(command.path(), request.args(), cwd, root, request.env(), timeoutMs, restart);
  }

  /**
   * The allow-list as a caller may see it ({@code sb.processes.commands}): for each command its name, argument
   * patterns, the variables it may set, its cwd roots and its default restart policy. Not its executable's path.
   */
  JsonObject describe() {
    return new JsonObject().put("commands", new JsonArray(commands.values().stream().map(command -> new JsonObject()
        .put("name", command.name())
        .put("args", new JsonArray(command.args().stream().map(Pattern::pattern).toList()))
        .put("env", new JsonArray(command.env().stream().sorted().toList()))
        .put("cwdRoots", new JsonArray(command.cwdRoots().stream().map(Path::toString).toList()))
        .put("restart", command.restart().toJson())).toList()));
  }

  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.?(/|$)");

  /** An absolute path with no {@code .}/{@code ..} segments and no doubled slashes, else 400. */
  private static Path normal(String text) {
    try {
      Path path = Path.of(text);
      if (!path.isAbsolute() || DOT_SEGMENT.matcher(text).find() || !path.normalize().toString().equals(text)) {
        throw BusErrors.invalid("cwd", text, "an absolute, normalised path (no . or .. segments, no trailing slash)");
      }
      return path;
    } catch (InvalidPathException e) {
      throw BusErrors.invalid("cwd", text, "a valid path");
    }
  }
}
