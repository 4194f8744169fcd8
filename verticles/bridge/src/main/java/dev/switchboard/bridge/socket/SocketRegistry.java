package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.shared.config.BridgeConfig;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The sockets of this bridge, counted per user, under {@code bridge.maxSockets} and {@code maxSocketsPerUser}. */
public final class SocketRegistry {

  private final BridgeConfig limits;
  private final Set<BridgeSocket> sockets = new LinkedHashSet<>();
  private final Map<String, Integer> perUser = new HashMap<>();

  public SocketRegistry(BridgeConfig limits) {
    this.limits = limits;
  }

  /** Admits a socket, or says which limit it hits. */
  public Refusal admit(BridgeSocket socket) {
    if (sockets.size() >= limits.maxSockets()) {
      return Refusal.limit("this node holds its maximum of " + limits.maxSockets() + " sockets");
    }
    String user = socket.user();
    if (user != null && perUser.getOrDefault(user, 0) >= limits.maxSocketsPerUser()) {
      return Refusal.limit("user " + user + " already has " + limits.maxSocketsPerUser() + " sockets on this node");
    }
    sockets.add(socket);
    if (user != null) {
      perUser.merge(user, 1, Integer::sum);
    }
    return null;
  }

  public void release(BridgeSocket socket) {
    if (sockets.remove(socket) && socket.user() != null) {
      perUser.computeIfPresent(socket.user(), (u, n) -> n == 1 ? null : n - 1);
    }
  }

  public int size() {
    return sockets.size();
  }

  /** A snapshot, safe to iterate while sockets close. */
  public Collection<BridgeSocket> snapshot() {
    return java.util.List.copyOf(sockets);
  }
}
