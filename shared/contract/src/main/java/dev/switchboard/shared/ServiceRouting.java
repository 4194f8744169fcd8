package dev.switchboard.shared;

import io.vertx.core.eventbus.DeliveryOptions;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a request to a room service goes: to this node's own consumer when the node runs the role that serves it
 * ({@code sb.broadcast.publish} and {@code sb.presence.get}: broadcaster; {@code sb.history.append} and
 * {@code sb.history.replay}: history), else to any node's. Served here, a request takes no hop and is never sent to a
 * member that has just died and is still listed until the cluster notices (a request sent there waits out its whole
 * timeout). The process services are not routed here: a start without {@code node} runs where its request lands.
 */
public final class ServiceRouting {

  private final Set<String> servedHere;

  private ServiceRouting(Set<String> servedHere) {
    this.servedHere = Set.copyOf(servedHere);
  }

  public static ServiceRouting of(Collection<Role> roles) {
    Set<String> addresses = new HashSet<>();
    if (roles.contains(Role.BROADCASTER)) {
      addresses.add(Addresses.BROADCAST_PUBLISH);
      addresses.add(Addresses.PRESENCE_GET);
    }
    if (roles.contains(Role.HISTORY)) {
      addresses.add(Addresses.HISTORY_APPEND);
      addresses.add(Addresses.HISTORY_REPLAY);
    }
    return new ServiceRouting(addresses);
  }

  /** True when this node answers requests to {@code address} itself. */
  public boolean servedHere(String address) {
    return servedHere.contains(address);
  }

  /** Options for a request to {@code address}: local only when served here. */
  public DeliveryOptions options(String address, long timeoutMs) {
    return new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(servedHere(address));
  }

  /**
   * Options for a request whose body is a JSON object built for it alone: as {@link #options}, and when served here
   * the object is handed over as it is ({@link LocalJsonCodec}).
   */
  public DeliveryOptions jsonOptions(String address, long timeoutMs) {
    DeliveryOptions options = options(address, timeoutMs);
    return servedHere(address) ? options.setCodecName(LocalJsonCodec.NAME) : options;
  }
}
