package dev.switchboard.shared;

/** Failure codes of bus replies: the HTTP status that fits (docs/architecture.md, "Bus addresses"). */
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
}
