package dev.switchboard.shared.health;

import io.vertx.core.json.JsonObject;

/** The outcome of one readiness check, as {@code /ready} shows it. */
public record HealthCheck(String name, boolean up, String message) {

  public static HealthCheck up(String name, String message) {
    return new HealthCheck(name, true, message);
  }

  public static HealthCheck down(String name, String message) {
    return new HealthCheck(name, false, message);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("status", up ? "UP" : "DOWN").put("message", message);
  }
}
