package dev.switchboard.bridge.protocol;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.JsonObject;

/**
 * Why a frame or request is refused: a failure code (HTTP status), the {@code failureType} word of the wire
 * (by default the one of the code) and a sentence for the client — all of the vocabulary of {@link FailureCodes}.
 */
public record Refusal(int code, String failureType, String message) {

  public Refusal(int code, String message) {
    this(code, FailureCodes.failureType(code), message);
  }

  public static Refusal invalid(String message) {
    return new Refusal(FailureCodes.INVALID, message);
  }

  public static Refusal denied(String message) {
    return new Refusal(FailureCodes.FORBIDDEN, message);
  }

  public static Refusal limit(String message) {
    return new Refusal(FailureCodes.LIMIT, message);
  }

  /** What a failed bus request comes back as: its code (no handler, timeout → 503) and its sentence. */
  public static Refusal of(Throwable busFailure) {
    return new Refusal(BusErrors.code(busFailure), BusErrors.sentence(busFailure));
  }

  /** The REST body, as bus services word their failures: {@code {"error": word, "message": sentence}}. */
  public JsonObject toJson() {
    return new JsonObject(BusErrors.body(code, message));
  }
}
