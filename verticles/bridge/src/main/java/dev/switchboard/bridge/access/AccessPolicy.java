package dev.switchboard.bridge.access;

import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.permissions.Claims;
import dev.switchboard.shared.permissions.PermissionRules;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a caller may do through the bridge or the REST facade (docs/protocol.md): the
 * permission rules, default deny, plus the contract's own rules — rooms are the only addresses a socket
 * registers on; reading a room (replay, presence) also needs the right to register on it; a publish through
 * {@code sb.broadcast.publish} is checked as a publish into its room; the process monitor's rooms take no publish from
 * outside; Switchboard's internal addresses are out of reach whatever the rules say. Each check answers null when allowed.
 */
public final class AccessPolicy {

  private final PermissionRules inbound;
  private final PermissionRules outbound;

  public AccessPolicy(PermissionRules inbound, PermissionRules outbound) {
    this.inbound = inbound;
    this.outbound = outbound;
  }

  public Refusal register(String address, Claims claims) {
    String room = RoomNames.fromAddress(address);
    if (room == null) {
      return Refusal.invalid("only room addresses (room.<room>) can be registered, not " + address);
    }
    String problem = RoomNames.problem(room);
    if (problem != null) {
      return Refusal.invalid(problem);
    }
    return outbound.allows(address, claims) ? null : Refusal.denied("not allowed to register on " + address);
  }

  /** A send or publish to {@code address} with that body. */
  public Refusal send(String address, Object body, Claims claims) {
    String room = RoomNames.fromAddress(address);
    if (room != null) {
      return publishToRoom(room, claims);
    }
    Refusal refusal = request(address, claims);
    if (refusal != null) {
      return refusal;
    }
    if (address.equals(Addresses.HISTORY_REPLAY) || address.equals(Addresses.PRESENCE_GET)) {
      return readRoom(body, claims);
    }
    if (address.equals(Addresses.BROADCAST_PUBLISH)) {
      return body instanceof JsonObject request && request.getValue("room") instanceof String target
          ? publishToRoom(target, claims) : Refusal.invalid("the body needs a room (a string)");
    }
    return null;
  }

  /** A publish into a room (bridge frame or {@code POST /api/rooms/{room}/events}). */
  public Refusal publishToRoom(String room, Claims claims) {
    String problem = RoomNames.problem(room);
    if (problem != null) {
      return Refusal.invalid(problem);
    }
    String address = Addresses.room(room);
    if (!inbound.allows(address, claims)) {
      return Refusal.denied("not allowed to publish to " + address);
    }
    if (RoomNames.isProcessOwned(room)) {
      return Refusal.denied("room " + room + " is written by the process monitor only");
    }
    return null;
  }

  /** Reading a room: its own request address must be allowed, and registering on the room. */
  public Refusal readRoom(Object body, Claims claims) {
    if (!(body instanceof JsonObject request) || !(request.getValue("room") instanceof String room)) {
      return Refusal.invalid("the body needs a room (a string)");
    }
    String problem = RoomNames.problem(room);
    if (problem != null) {
      return Refusal.invalid(problem);
    }
    return outbound.allows(Addresses.room(room), claims) ? null
        : Refusal.denied("reading room " + room + " needs permission to register on " + Addresses.room(room));
  }

  /** A request to a service address: never an internal one, and its inbound rule. */
  public Refusal request(String address, Claims claims) {
    if (Addresses.isInternal(address)) {
      return Refusal.denied(address + " is internal to Switchboard: no client may send to it, whatever the rules say");
    }
    return inbound.allows(address, claims) ? null : Refusal.denied("not allowed to send to " + address);
  }

  /** The rules that can only match internal addresses and so never allow anything (warned about at start). */
  public List<String> internalOnlyRules() {
    List<String> found = new ArrayList<>(inbound.internalOnly());
    found.addAll(outbound.internalOnly());
    return found;
  }
}
