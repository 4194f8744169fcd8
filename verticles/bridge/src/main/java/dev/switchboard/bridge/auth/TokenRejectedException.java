package dev.switchboard.bridge.auth;

import dev.switchboard.shared.FailureCodes;

/**
 * Why a token was refused: always {@code failureCode} 401, a {@code failureType} word for the wire
 * ({@link #UNAUTHENTICATED} or {@link #TOKEN_EXPIRED}) and a sentence a person can read, which never
 * holds the token, a key or a stack trace. No stack trace is captured (refusals are frequent and cheap).
 */
public final class TokenRejectedException extends RuntimeException {

  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
  public static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";

  private final String failureType;

  TokenRejectedException(String failureType, String message) {
    super(message, null, false, false);
    this.failureType = failureType;
  }

  /** 401. */
  public int failureCode() {
    return FailureCodes.UNAUTHENTICATED;
  }

  /** {@link #UNAUTHENTICATED} or {@link #TOKEN_EXPIRED}. */
  public String failureType() {
    return failureType;
  }

  public boolean expired() {
    return TOKEN_EXPIRED.equals(failureType);
  }
}
