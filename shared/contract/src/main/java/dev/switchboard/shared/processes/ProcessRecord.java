package dev.switchboard.shared.processes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One process as the cluster knows it: {@code {id, name, command, args, node, pid, state, startedAt, endedAt?,
 * exitCode?}}. {@code pid} is the process-group (session) leader that runs the command; {@code null} when the
 * process never started.
 */
public record ProcessRecord(String id, String name, String command, List<String> args, String node, Long pid,
                            ProcessState state, Instant startedAt, Instant endedAt, Integer exitCode) {

  public ProcessRecord {
    args = List.copyOf(args);
  }

  public ProcessRecord running(long processId) {
    return new ProcessRecord(id, name, command, args, node, processId, ProcessState.RUNNING, startedAt, null, null);
  }

  public ProcessRecord ended(ProcessState finalState, Instant at, Integer code) {
    return new ProcessRecord(id, name, command, args, node, pid, finalState, startedAt, at, code);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("name", name).put("command", command)
        .put("args", new JsonArray(args)).put("node", node).put("pid", pid).put("state", state.word())
        .put("startedAt", startedAt.toString());
    if (endedAt != null) {
      json.put("endedAt", endedAt.toString());
    }
    if (exitCode != null) {
      json.put("exitCode", exitCode);
    }
    return json;
  }

  public static ProcessRecord fromJson(JsonObject json) {
    String ended = json.getString("endedAt");
    return new ProcessRecord(json.getString("id"), json.getString("name"), json.getString("command"),
        json.getJsonArray("args").stream().map(String::valueOf).toList(), json.getString("node"),
        json.getLong("pid"), ProcessState.fromWord(json.getString("state")), Instant.parse(json.getString("startedAt")),
        ended == null ? null : Instant.parse(ended), json.getInteger("exitCode"));
  }
}
