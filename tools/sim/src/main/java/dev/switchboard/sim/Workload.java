package dev.switchboard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic sockets: {@code roomsPerMember × N} rooms, room {@code j} held on members {@code j mod N} and
 * {@code j+1 mod N} (every room on k = 2 nodes, whatever N), with {@code 1 + extraSockets} sockets of distinct users on
 * each of its two members. The load per member is the same at every N: the cluster grows with its members.
 */
record Workload(int nodes, int roomsPerMember, int extraSockets, int publishesPerMember, int payloadBytes) {

  /** The rooms' k. */
  static final int NODES_PER_ROOM = 2;

  record Socket(int member, String user, String room) {
  }

  int rooms() {
    return roomsPerMember * nodes;
  }

  static String room(int j) {
    return "project:sim-" + j;
  }

  List<Integer> membersOf(int j) {
    return List.of(j % nodes, (j + 1) % nodes);
  }

  /** Per member, its first socket in each of its rooms (the one that puts the member in the directory). */
  List<List<Socket>> firstSockets() {
    return sockets(0, 1);
  }

  /** Per member, the further sockets in its rooms. */
  List<List<Socket>> furtherSockets() {
    return sockets(1, 1 + extraSockets);
  }

  /** Sockets that receive each event of a room. */
  int socketsPerRoom() {
    return NODES_PER_ROOM * (1 + extraSockets);
  }

  int publishes() {
    return publishesPerMember * nodes;
  }

  private List<List<Socket>> sockets(int from, int to) {
    List<List<Socket>> perMember = new ArrayList<>();
    for (int m = 0; m < nodes; m++) {
      perMember.add(new ArrayList<>());
    }
    for (int j = 0; j < rooms(); j++) {
      for (int m : membersOf(j)) {
        for (int s = from; s < to; s++) {
          perMember.get(m).add(new Socket(m, "u" + j + "-" + m + "-" + s, room(j)));
        }
      }
    }
    return perMember;
  }
}
