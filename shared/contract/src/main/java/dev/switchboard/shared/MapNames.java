package dev.switchboard.shared;

/**
 * The names of Switchboard's cluster-wide Hazelcast maps: part of the contract, since every node of a cluster must
 * agree on them and the cluster setup protects some of them by name (docs/architecture.md, "Room routing").
 */
public final class MapNames {

  /** Room → the nodes holding sockets of it (the room directory). */
  public static final String ROOMS = "sb.rooms";
  /** Node name → what the node runs (the member directory). */
  public static final String MEMBERS = "sb.members";
  /** Room → who is present, by user. */
  public static final String PRESENCE = "sb.presence";
  /** Departed member id → the member clearing its presence (one clean-up per departure; entries expire). */
  public static final String PRESENCE_DEPARTURES = "sb.presence.departures";
  /** Process id → its record (the process monitor's registry). */
  public static final String PROCESSES = "sb.processes";
  /** Room → its log (the hazelcast history store). */
  public static final String HISTORY = "sb.history";
  /** Room → its log's epoch and counters (the hazelcast history store). */
  public static final String HISTORY_META = "sb.history.meta";

  private MapNames() {
  }
}
