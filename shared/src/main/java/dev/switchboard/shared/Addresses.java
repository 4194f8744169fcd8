package dev.switchboard.shared;

/** Every event-bus address of the public contract (DESIGN.md, "Rooms and bus addresses"). */
public final class Addresses {

  /** Prefix of a room's address: {@code room.project:42}. */
  public static final String ROOM_PREFIX = "room.";
  /** Prefix of a node's inbox: {@code sb.node.<node name>}. */
  public static final String NODE_INBOX_PREFIX = "sb.node.";

  public static final String BROADCAST_PUBLISH = "sb.broadcast.publish";
  public static final String HISTORY_REPLAY = "sb.history.replay";
  public static final String PRESENCE_GET = "sb.presence.get";
  public static final String PROCESSES_START = "sb.processes.start";
  public static final String PROCESSES_STOP = "sb.processes.stop";
  public static final String PROCESSES_LIST = "sb.processes.list";
  public static final String PROCESSES_GET = "sb.processes.get";
  /** Prefix of a processes node's own address: {@code sb.processes.node.<node name>} (start and stop on that node). */
  public static final String PROCESSES_NODE_PREFIX = "sb.processes.node.";
  /** Internal, broadcaster → history: append an envelope, answer its offset and epoch (see {@code AppendRequest}). */
  public static final String HISTORY_APPEND = "sb.history.append";

  private Addresses() {
  }

  public static String room(String roomName) {
    return ROOM_PREFIX + roomName;
  }

  public static String nodeInbox(String nodeName) {
    return NODE_INBOX_PREFIX + nodeName;
  }

  public static String processesNode(String nodeName) {
    return PROCESSES_NODE_PREFIX + nodeName;
  }
}
