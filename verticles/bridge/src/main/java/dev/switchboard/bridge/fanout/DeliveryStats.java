package dev.switchboard.bridge.fanout;

/** Told of each event delivered: how many sockets it was written to, and its envelope time. */
public interface DeliveryStats {

  void delivered(int sockets, long eventTsMillis);
}
