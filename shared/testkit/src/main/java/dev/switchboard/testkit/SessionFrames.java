package dev.switchboard.testkit;

/**
 * Recognises, as written, the bridge's own notices to a socket on {@code sb.session} (the welcome every admitted socket
 * gets first, registration acks), raw ({@code {"type":"rec","address":"sb.session",…}}) or in a SockJS frame: test
 * clients keep them apart so that a test about other frames sees none of them.
 */
public final class SessionFrames {

  private static final String RAW = "{\"type\":\"rec\",\"address\":\"sb.session\"";
  private static final String SOCKJS = "a[\"{\\\"type\\\":\\\"rec\\\",\\\"address\\\":\\\"sb.session\\\"";

  private SessionFrames() {
  }

  public static boolean isSession(String text) {
    return text.startsWith(RAW) || text.startsWith(SOCKJS);
  }
}
