package dev.switchboard.shared;

import java.util.List;
import java.util.Set;

/**
 * Every event-bus address of the contract (docs/architecture.md, "Bus addresses"). Switchboard owns the {@code sb.}
 * namespace: of it, only {@link #PUBLIC} may be reached by clients and the REST facade (under the permission rules);
 * every other {@code sb.} address — and Vert.x's own {@code __vertx.} addresses, replies among them — is internal,
 * refused with 403 whatever the rules say. Room addresses ({@code room.<room>}) follow the room rules; any other
 * address is an application's own and follows the rules alone.
 */
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
  /** The allow-list as a caller may see it: {@code {commands: [{name, args, env, cwdRoots, restart}]}}. */
  public static final String PROCESSES_COMMANDS = "sb.processes.commands";
  /** Prefix of a processes node's own address: {@code sb.processes.node.<node name>} (start and stop on that node). */
  public static final String PROCESSES_NODE_PREFIX = "sb.processes.node.";
  /**
   * Client → bridge: a {@code send} with {@code {token}} and a reply address swaps the socket's token for a fresh one.
   * Answered by the bridge itself for every authenticated socket, no rule needed (docs/protocol.md, "Token refresh").
   */
  public static final String AUTH_REFRESH = "sb.auth.refresh";
  /**
   * Bridge → client: the {@code rec} frames the bridge writes about the socket itself — the welcome after admission and
   * the acknowledgement of a registration made with header {@code ack: true} (docs/protocol.md, "Session frames").
   */
  public static final String SESSION = "sb.session";
  /** Internal, broadcaster → history: append an envelope, answer its offset and epoch (see {@code AppendRequest}). */
  public static final String HISTORY_APPEND = "sb.history.append";

  /** Switchboard's own namespace. */
  public static final String RESERVED_PREFIX = "sb.";
  /** Vert.x's own addresses, its reply addresses among them. */
  public static final String VERTX_PREFIX = "__vertx.";
  /** Namespaces in which only {@link #PUBLIC} addresses may be reached from outside the cluster. */
  public static final List<String> INTERNAL_NAMESPACES = List.of(RESERVED_PREFIX, VERTX_PREFIX);

  /** The addresses of Switchboard's namespace open to clients and REST (under the rules); later features add theirs. */
  public static final Set<String> PUBLIC = Set.of(BROADCAST_PUBLISH, HISTORY_REPLAY, PRESENCE_GET,
      PROCESSES_START, PROCESSES_STOP, PROCESSES_LIST, PROCESSES_GET, PROCESSES_COMMANDS, AUTH_REFRESH, SESSION);

  private Addresses() {
  }

  /** True for an address no client or REST call may reach whatever the rules say (see the class comment). */
  public static boolean isInternal(String address) {
    for (String namespace : INTERNAL_NAMESPACES) {
      if (address.startsWith(namespace)) {
        return !PUBLIC.contains(address);
      }
    }
    return false;
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
