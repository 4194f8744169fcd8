package dev.switchboard.shared.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code sb.processes.list}: {@code {state?, node?, command?, since?, limit?, cursor?}}. {@code state} is one state or
 * a list of them, {@code since} epoch milliseconds of {@code startedAt}, {@code limit} 1 to {@link #MAX_LIMIT}
 * (default {@link #DEFAULT_LIMIT}), {@code cursor} the one a previous page answered. The reply is
 * {@code {processes, total, cursor?}} (see {@link ListCursor} for the order).
 */
public record ListRequest(Set<ProcessState> states, String node, String command, Long since, int limit,
                          ListCursor cursor) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;
  private static final Set<String> FIELDS = Set.of("state", "node", "command", "since", "limit", "cursor");

  public ListRequest {
    states = Set.copyOf(states);
  }

  /** Every process, first page. */
  public static ListRequest all() {
    return new ListRequest(Set.of(), null, null, null, DEFAULT_LIMIT, null);
  }

  public static ListRequest fromJson(Object body) {
    RequestFields fields = RequestFields.of(body, FIELDS);
    JsonObject json = body == null ? new JsonObject() : (JsonObject) body;
    Set<ProcessState> states = new LinkedHashSet<>();
    Object state = json.getValue("state");
    if (state instanceof JsonArray list && list.size() <= ProcessState.values().length) {
      for (int i = 0; i < list.size(); i++) {
        states.add(state("state[" + i + "]", list.getValue(i)));
      }
    } else if (state != null) {
      states.add(state("state", state));
    }
    String node = fields.optionalString("node", RequestFields.NAME, "a node name of 1 to 64 of [A-Za-z0-9_.-]");
    String command = fields.optionalString("command", RequestFields.NAME, "a command name of 1 to 64 of [A-Za-z0-9_.-]");
    Long since = fields.optionalLong("since", 0, Long.MAX_VALUE);
    Long limit = fields.optionalLong("limit", 1, MAX_LIMIT);
    Object cursor = json.getValue("cursor");
    return new ListRequest(states, node, command, since, limit == null ? DEFAULT_LIMIT : limit.intValue(),
        cursor == null ? null : ListCursor.decode(cursor));
  }

  private static ProcessState state(String field, Object value) {
    for (ProcessState candidate : ProcessState.values()) {
      if (candidate.word().equals(value)) {
        return candidate;
      }
    }
    throw BusErrors.invalid(field, value, "a process state (starting, running, exited, stopped, timed_out, failed,"
        + " crashloop, lost) or a list of at most " + ProcessState.values().length + " of them");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("limit", limit);
    if (!states.isEmpty()) {
      json.put("state", new JsonArray(states.stream().map(ProcessState::word).toList()));
    }
    if (node != null) {
      json.put("node", node);
    }
    if (command != null) {
      json.put("command", command);
    }
    if (since != null) {
      json.put("since", since);
    }
    if (cursor != null) {
      json.put("cursor", cursor.encode());
    }
    return json;
  }
}
