package dev.switchboard.bridge.socket;

/** Told when a user's socket enters or leaves a room (cluster-wide presence lives behind it). */
public interface PresenceTracker {

  void joined(String room, String user);

  void left(String room, String user);
}
