package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.socket.Frames;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomSubscription;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The sockets of this bridge registered on one room. An event arrives once (one local consumer per room),
 * is encoded into one frame, and that same frame is written to every socket whose type filter takes it.
 * The subscriber array is copied on change, so a socket closing mid-delivery cannot disturb the loop.
 */
final class RoomFanout {

  /** A socket's registration: where to write, and the event types it takes (null: all). */
  record Subscriber(FanoutTarget target, Set<String> types) {
    boolean takes(String type) {
      return types == null || types.contains(type);
    }
  }

  private final String address;
  private final Future<RoomSubscription> subscription;
  private final DeliveryStats stats;
  private Subscriber[] subscribers = new Subscriber[0];

  RoomFanout(String room, Future<RoomSubscription> subscription, DeliveryStats stats) {
    this.address = Addresses.room(room);
    this.subscription = subscription;
    this.stats = stats;
  }

  void add(Subscriber subscriber) {
    remove(subscriber.target());
    Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
    next[subscribers.length] = subscriber;
    subscribers = next;
  }

  void remove(FanoutTarget target) {
    for (int i = 0; i < subscribers.length; i++) {
      if (subscribers[i].target() == target) {
        Subscriber[] next = new Subscriber[subscribers.length - 1];
        System.arraycopy(subscribers, 0, next, 0, i);
        System.arraycopy(subscribers, i + 1, next, i, subscribers.length - i - 1);
        subscribers = next;
        return;
      }
    }
  }

  boolean isEmpty() {
    return subscribers.length == 0;
  }

  int size() {
    return subscribers.length;
  }

  Future<RoomSubscription> subscription() {
    return subscription;
  }

  void deliver(RoomEvent event) {
    Subscriber[] targets = subscribers;
    if (targets.length == 0) {
      return;
    }
    String frame = Frames.rec(address, event.envelope().toString(StandardCharsets.UTF_8));
    int delivered = 0;
    for (Subscriber subscriber : targets) {
      if (subscriber.takes(event.type())) {
        subscriber.target().deliver(frame, event);
        delivered++;
      }
    }
    stats.delivered(delivered, event.tsMillis());
  }
}
