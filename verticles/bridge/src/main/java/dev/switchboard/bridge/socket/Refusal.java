package dev.switchboard.bridge.socket;

import io.vertx.core.json.JsonObject;

/**
 * Why a frame or request is refused: a failure code (HTTP status), the {@code failureType} word of the wire
 * (by default the one of the code) and a sentence for the client.
 */
public record Refusal(int code, String failureType, String message) {

  public Refusal(int code, String message) {
    this(code, FailureType.of(code), message);
  }

  public static Refusal invalid(String message) {
    return new Refusal(400, message);
  }

  public static Refusal denied(String message) {
    return new Refusal(403, message);
  }

  public static Refusal limit(String message) {
    return new Refusal(429, message);
  }

  /** The REST body and bus failure message: {@code {"error": word, "message": sentence}}. */
  public JsonObject toJson() {
    return new JsonObject().put("error", failureType.toLowerCase()).put("message", message);
  }
}
