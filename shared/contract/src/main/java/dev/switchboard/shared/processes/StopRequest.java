package dev.switchboard.shared.processes;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/** {@code sb.processes.stop}: {@code {id, graceMs?}}; {@code graceMs} (0 to 600000) overrides {@code processes.killGraceMs}. */
public record StopRequest(String id, Long graceMs) {

  private static final Set<String> FIELDS = Set.of("id", "graceMs");

  public static StopRequest fromJson(Object body) {
    RequestFields fields = RequestFields.of(body, FIELDS);
    return new StopRequest(fields.string("id", RequestFields.ID, "a process id of 1 to 128 of [A-Za-z0-9_.-]"),
        fields.optionalLong("graceMs", 0, 600_000));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id);
    return graceMs == null ? json : json.put("graceMs", graceMs);
  }
}
