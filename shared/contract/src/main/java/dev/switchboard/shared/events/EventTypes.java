package dev.switchboard.shared.events;

/**
 * Event types of the contract. Types starting with {@link #RESERVED_PREFIX} are Switchboard's own: the bridge writes
 * them (a {@code sb.recovery} notice), and a publish of one — REST, bridge or bus — is refused with 400, so no client
 * can forge a notice that other clients act on.
 */
public final class EventTypes {

  /** Prefix of the types only Switchboard itself emits. */
  public static final String RESERVED_PREFIX = "sb.";
  /** The bridge's notice to a socket that a room's log could not be resumed ({@code recovered: false}). */
  public static final String RECOVERY = "sb.recovery";

  private EventTypes() {
  }

  public static boolean reserved(String type) {
    return type.startsWith(RESERVED_PREFIX);
  }
}
