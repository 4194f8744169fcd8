package dev.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.atomic.LongAdder;

/** A way of routing room events across the cluster, as the bridge would use it; one {@link Node} per member. */
interface RoutingModel {

  String name();

  /** Sets the model up on a member; every event a socket of that member receives counts once in {@code deliveries}. */
  Future<Node> start(SimMember member, LongAdder deliveries);

  /** How many departed nodes the model's own clean-up has finished with (-1: the model has none it reports). */
  default int departuresCleared() {
    return -1;
  }

  /** When ({@link System#nanoTime}) the model's clean-up last finished with a departed node. */
  default long lastClearedNanos() {
    return 0;
  }

  /** The model on one member. */
  interface Node {

    /** One socket of {@code user} registering on {@code room}. */
    Future<Registration> register(String user, String room);

    /** Publishes an event whose envelope is {@code envelope} into {@code room}, from this member. */
    Future<Void> publish(String room, long offset, Buffer envelope);

    /** Releases what the model holds on the member (not called for a killed member). */
    Future<Void> stop();
  }

  /** A socket's registration on a room; closing it is the socket unregistering (or disconnecting). */
  interface Registration {
    Future<Void> close();
  }
}
