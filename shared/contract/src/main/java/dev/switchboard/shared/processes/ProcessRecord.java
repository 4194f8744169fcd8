package dev.switchboard.shared.processes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One process as the cluster knows it: {@code {id, name, command, args, node, pid, state, startedAt, endedAt?,
 * exitCode?, restarts, nextRestartAt?, reason?}}. {@code pid} is the process-group (session) leader that runs the
 * command; {@code null} when the process never started. {@code startedAt} is the first start (a restart keeps the
 * id and {@code startedAt}); between runs the record keeps the last run's end state with {@code nextRestartAt}, set
 * only while a restart is pending. {@code reason} says why a process is {@code failed} or {@code crashloop}.
 */
public record ProcessRecord(String id, String name, String command, List<String> args, String node, Long pid,
                            ProcessState state, Instant startedAt, Instant endedAt, Integer exitCode, int restarts,
                            Instant nextRestartAt, String reason) {

  public ProcessRecord {
    args = List.copyOf(args);
  }

  /** A record that has not run yet. */
  public static ProcessRecord starting(String id, String name, String command, List<String> args, String node,
                                       Instant at) {
    return new ProcessRecord(id, name, command, args, node, null, ProcessState.STARTING, at, null, null, 0, null, null);
  }

  public ProcessRecord running(long processId) {
    return new ProcessRecord(id, name, command, args, node, processId, ProcessState.RUNNING, startedAt, null, null,
        restarts, null, null);
  }

  public ProcessRecord ended(ProcessState finalState, Instant at, Integer code) {
    return new ProcessRecord(id, name, command, args, node, pid, finalState, startedAt, at, code, restarts, null,
        reason);
  }

  /** This record with restart number {@code n} pending at {@code at}. */
  public ProcessRecord restartPending(int n, Instant at) {
    return new ProcessRecord(id, name, command, args, node, pid, state, startedAt, endedAt, exitCode, n, at, reason);
  }

  /** This record with its restart count set back to {@code n} (a long run resets it). */
  public ProcessRecord withRestarts(int n) {
    return new ProcessRecord(id, name, command, args, node, pid, state, startedAt, endedAt, exitCode, n,
        nextRestartAt, reason);
  }

  /** This ended record in a final state, no restart pending, with the reason. */
  public ProcessRecord finalAs(ProcessState finalState, String why) {
    return new ProcessRecord(id, name, command, args, node, pid, finalState, startedAt, endedAt, exitCode, restarts,
        null, why);
  }

  /** This record as run by another node from now on (its node left the cluster). */
  public ProcessRecord movedTo(String newNode) {
    return new ProcessRecord(id, name, command, args, newNode, null, state, startedAt, endedAt, exitCode, restarts,
        nextRestartAt, reason);
  }

  /** Whether a restart is pending (the process has ended a run but is not over). */
  public boolean restartPending() {
    return nextRestartAt != null;
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
    json.put("restarts", restarts);
    if (nextRestartAt != null) {
      json.put("nextRestartAt", nextRestartAt.toString());
    }
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }

  public static ProcessRecord fromJson(JsonObject json) {
    String ended = json.getString("endedAt");
    String next = json.getString("nextRestartAt");
    return new ProcessRecord(json.getString("id"), json.getString("name"), json.getString("command"),
        json.getJsonArray("args").stream().map(String::valueOf).toList(), json.getString("node"),
        json.getLong("pid"), ProcessState.fromWord(json.getString("state")), Instant.parse(json.getString("startedAt")),
        ended == null ? null : Instant.parse(ended), json.getInteger("exitCode"), json.getInteger("restarts", 0),
        next == null ? null : Instant.parse(next), json.getString("reason"));
  }
}
