package dev.switchboard.bridge.fanout;

/** Told of each event delivered (how many sockets it was written to, and its envelope time) and of each history read. */
public interface DeliveryStats {

  void delivered(int sockets, long eventTsMillis);

  /** A read of history for the fan-out (a resume or a gap) answered, retries included, after {@code nanos}. */
  default void replayed(long nanos) {
  }
}
