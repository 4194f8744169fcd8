package dev.switchboard.bridge.protocol;

/** The {@code failureType} word of an {@code err} frame for each failure code (docs/protocol.md). */
public final class FailureType {

  private FailureType() {
  }

  public static String of(int code) {
    return switch (code) {
      case 400 -> "INVALID";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "ACCESS_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "CONFLICT";
      case 413 -> "TOO_LARGE";
      case 429 -> "LIMIT";
      case 503 -> "UNAVAILABLE";
      default -> "FAILURE";
    };
  }
}
