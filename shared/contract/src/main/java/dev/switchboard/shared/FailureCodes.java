package dev.switchboard.shared;

/**
 * The one failure vocabulary of Switchboard (docs/architecture.md, "Bus addresses"): each failure is the HTTP status
 * that fits, its {@code error} word (bus failures and REST bodies: {@code {"error", "message"}}) and its
 * {@code failureType} word (the bridge's {@code err} frames, docs/protocol.md). Bus services ({@link BusErrors}),
 * the bridge and REST all word their failures from here.
 */
public final class FailureCodes {

  public static final int INVALID = 400;
  public static final int UNAUTHENTICATED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int TOO_LARGE = 413;
  public static final int LIMIT = 429;
  public static final int INTERNAL = 500;
  public static final int UNAVAILABLE = 503;

  private FailureCodes() {
  }

  /** The {@code error} word of a failure code: {@code 404 → "not_found"}; any other code is {@code "internal"}. */
  public static String word(int code) {
    return switch (code) {
      case INVALID -> "invalid";
      case UNAUTHENTICATED -> "unauthenticated";
      case FORBIDDEN -> "forbidden";
      case NOT_FOUND -> "not_found";
      case CONFLICT -> "conflict";
      case TOO_LARGE -> "too_large";
      case LIMIT -> "limit";
      case UNAVAILABLE -> "unavailable";
      default -> "internal";
    };
  }

  /** The {@code failureType} word of an {@code err} frame: {@code 403 → "ACCESS_DENIED"}; any other is {@code "FAILURE"}. */
  public static String failureType(int code) {
    return switch (code) {
      case INVALID -> "INVALID";
      case UNAUTHENTICATED -> "UNAUTHENTICATED";
      case FORBIDDEN -> "ACCESS_DENIED";
      case NOT_FOUND -> "NOT_FOUND";
      case CONFLICT -> "CONFLICT";
      case TOO_LARGE -> "TOO_LARGE";
      case LIMIT -> "LIMIT";
      case UNAVAILABLE -> "UNAVAILABLE";
      default -> "FAILURE";
    };
  }
}
