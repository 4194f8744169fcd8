package dev.switchboard.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulation's options, from {@code --key value} arguments; each bounded, a bad one refused naming it.
 *
 * @param sizes the cluster sizes to run ({@code --nodes 2,4,8}), 2 to {@link #MAX_NODES}
 * @param roomsPerMember rooms homed on each member ({@code --rooms-per-member}); each member holds twice as many
 * @param extraSockets sockets per room and member beyond the first ({@code --extra-sockets})
 * @param publishesPerMember publishes per member ({@code --publishes-per-member})
 * @param payloadBytes bytes of each event's envelope ({@code --payload-bytes})
 * @param out where the markdown table goes, the CSV beside it ({@code --out}); null: standard output only
 */
record SimOptions(List<Integer> sizes, int roomsPerMember, int extraSockets, int publishesPerMember, int payloadBytes,
                  Path out) {

  static final int MAX_NODES = 48;

  static SimOptions parse(String[] args) {
    List<Integer> sizes = List.of(2, 4, 8);
    int rooms = 10;
    int extra = 2;
    int publishes = 50;
    int payload = 200;
    Path out = null;
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("arguments come in pairs --key value, got " + args.length + " words");
    }
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i];
      String value = args[i + 1];
      switch (key) {
        case "--nodes" -> sizes = sizes(value);
        case "--rooms-per-member" -> rooms = bounded(key, value, 1, 1_000);
        case "--extra-sockets" -> extra = bounded(key, value, 0, 100);
        case "--publishes-per-member" -> publishes = bounded(key, value, 1, 100_000);
        case "--payload-bytes" -> payload = bounded(key, value, 64, 65_536);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + key + "; known: --nodes, --rooms-per-member,"
            + " --extra-sockets, --publishes-per-member, --payload-bytes, --out");
      }
    }
    return new SimOptions(sizes, rooms, extra, publishes, payload, out);
  }

  Workload workload(int nodes) {
    return new Workload(nodes, roomsPerMember, extraSockets, publishesPerMember, payloadBytes);
  }

  private static List<Integer> sizes(String value) {
    List<Integer> sizes = new ArrayList<>();
    for (String size : value.split(",", 20)) {
      sizes.add(bounded("--nodes", size, 2, MAX_NODES));
    }
    return List.copyOf(sizes);
  }

  private static int bounded(String key, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(key + ": expected a whole number from " + min + " to " + max + ", got \""
        + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "\"");
  }
}
