package dev.switchboard.shared.processes;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/** {@code sb.processes.get}: {@code {id}}. */
public record GetRequest(String id) {

  private static final Set<String> FIELDS = Set.of("id");

  public static GetRequest fromJson(Object body) {
    RequestFields fields = RequestFields.of(body, FIELDS);
    return new GetRequest(fields.string("id", RequestFields.ID, "a process id of 1 to 128 of [A-Za-z0-9_.-]"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id);
  }
}
