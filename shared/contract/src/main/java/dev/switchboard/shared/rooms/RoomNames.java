package dev.switchboard.shared.rooms;

import dev.switchboard.shared.Addresses;

import java.util.Set;

/**
 * Room names (docs/architecture.md, "Bus addresses"): {@code global}, {@code processes}, {@code errors}, and
 * {@code user:<id>}, {@code project:<id>}, {@code agent:<id>}, {@code process:<id>} with {@code <id>} 1–128 of
 * {@code [A-Za-z0-9_.-]}. Checked by hand, character by character: it runs on every frame.
 */
public final class RoomNames {

  public static final int MAX_ID = 128;
  private static final Set<String> PLAIN = Set.of("global", "processes", "errors");
  private static final Set<String> WITH_ID = Set.of("user", "project", "agent", "process");

  private RoomNames() {
  }

  /** Null when {@code room} is a valid room name, else a sentence saying what is wrong. */
  public static String problem(String room) {
    if (room == null || room.isEmpty()) {
      return "a room name is required";
    }
    int colon = room.indexOf(':');
    if (colon < 0) {
      return PLAIN.contains(room) ? null : "unknown room \"" + shorten(room) + "\": expected global, processes, errors,"
          + " or user:, project:, agent:, process: followed by an id";
    }
    String kind = room.substring(0, colon);
    if (!WITH_ID.contains(kind)) {
      return "unknown room kind \"" + shorten(kind) + "\": expected user, project, agent or process";
    }
    String id = room.substring(colon + 1);
    if (id.isEmpty() || id.length() > MAX_ID || !isIdText(id)) {
      return "room id \"" + shorten(id) + "\" must be 1 to " + MAX_ID + " of [A-Za-z0-9_.-]";
    }
    return null;
  }

  public static boolean isValid(String room) {
    return problem(room) == null;
  }

  /** The kind of a valid room: the part before {@code :}, or the whole name. */
  public static String kind(String room) {
    int colon = room.indexOf(':');
    return colon < 0 ? room : room.substring(0, colon);
  }

  /** Rooms only the process monitor writes: {@code processes}, {@code errors}, {@code process:<id>}. */
  public static boolean isProcessOwned(String room) {
    return room.equals("processes") || room.equals("errors") || room.startsWith("process:");
  }

  /** The room of a bus address {@code room.<room>}, or null when the address is not a room's. */
  public static String fromAddress(String address) {
    return address != null && address.startsWith(Addresses.ROOM_PREFIX)
        ? address.substring(Addresses.ROOM_PREFIX.length()) : null;
  }

  /** True when every character is one of {@code [A-Za-z0-9_.-]}. */
  public static boolean isIdText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static String shorten(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
