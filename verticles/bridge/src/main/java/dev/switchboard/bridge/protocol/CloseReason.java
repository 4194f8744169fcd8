package dev.switchboard.bridge.protocol;

/** Close codes and reasons the bridge sends (SockJS {@code c[code,"reason"]} or a WebSocket close frame). */
public enum CloseReason {
  UNAUTHENTICATED(4401, "unauthenticated"),
  TOKEN_EXPIRED(4401, "token expired"),
  TOO_MANY_SOCKETS(4429, "too many sockets"),
  RATE_LIMIT(4429, "inbound rate limit exceeded for 10 s"),
  BAD_FRAMES(4400, "too many invalid frames"),
  SLOW_CONSUMER(4408, "outbound queue full: client too slow"),
  IDLE(4000, "idle timeout"),
  BUSY(4503, "too many connections being set up: retry"),
  SHUTDOWN(1001, "server shutting down");

  public final int code;
  public final String reason;

  CloseReason(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }
}
