package dev.switchboard.shared;

/** Event-bus message headers of the contract. Clients never set these: the bridge writes them. */
public final class Headers {

  /** The user ({@code sub}) on whose behalf the bridge or the REST facade sends a request. */
  public static final String USER = "sb-user";

  private Headers() {
  }
}
