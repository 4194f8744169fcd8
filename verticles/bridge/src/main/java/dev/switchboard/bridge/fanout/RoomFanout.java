package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The sockets of this bridge registered on one room. Events arrive once (one local consumer per room), are put in
 * offset order by the room's {@link RoomSequencer}, and each is encoded into one frame, written to every socket whose
 * type filter takes it. The subscriber array is copied on change, so a socket closing mid-delivery cannot disturb the
 * loop. Everything runs on the bridge's event loop.
 *
 * <p>No socket gets a silent gap. Each follows its own position (epoch and offset): when the next event it gets is
 * of another epoch — the room's log was lost and started again, e.g. a restarted memory store — or lies past a gap
 * nobody could fill, it is first sent the {@code sb.recovery} notice ({@code recovered: false}, the offset just
 * before that event, its epoch), as a socket whose resume cannot be served is. A resuming socket gets what it missed
 * from its {@link ResumeReplay} while its live events are held, then those.
 */
final class RoomFanout {

  /** The live events held for one resuming socket while its replay runs, at most. */
  static final int MAX_HELD = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(RoomFanout.class);

  private final String room;
  private final String address;
  private final Future<RoomSubscription> subscription;
  private final DeliveryStats stats;
  private final RoomSequencer sequencer;
  private final ResumeReplay replay;
  private Subscriber[] subscribers = new Subscriber[0];

  RoomFanout(String room, Future<RoomSubscription> subscription, DeliveryStats stats, HistoryReader history, Vertx vertx) {
    this.room = room;
    this.address = Addresses.room(room);
    this.subscription = subscription;
    this.stats = stats;
    this.sequencer = new RoomSequencer(room, history, vertx, this::fanOut);
    this.replay = new ResumeReplay(room, address, history, subscriber -> isMember(subscriber) && subscriber.recovering());
    subscription.onSuccess(listed -> sequencer.listed());
  }

  /** Adds a socket; with {@code resume}, first sends what it missed since then (or says it cannot). */
  void add(Subscriber subscriber, Resume resume) {
    remove(subscriber.target);
    Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
    next[subscribers.length] = subscriber;
    subscribers = next;
    if (resume != null) {
      subscriber.startRecovering();
      subscriber.floor = resume.since();
      subscriber.epoch = resume.epoch();
      // only once this node is listed for the room: every later event then arrives live, every earlier one is in history
      subscription.onComplete(listed -> replay.run(subscriber, resume.since(), resume.epoch())
          .onSuccess(outcome -> resumed(subscriber, outcome)));
    }
  }

  void remove(FanoutTarget target) {
    for (int i = 0; i < subscribers.length; i++) {
      if (subscribers[i].target == target) {
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

  /** A live event from room routing: one without an offset goes out at once, the others in order. */
  void receive(RoomEvent event) {
    if (event.offset() <= 0) {
      fanOut(event);
    } else {
      sequencer.receive(event);
    }
  }

  private void fanOut(RoomEvent event) {
    Subscriber[] targets = subscribers;
    if (targets.length == 0) {
      return;
    }
    OutboundFrame frame = frameOf(event);
    int delivered = 0;
    for (Subscriber subscriber : targets) {
      try {
        if (subscriber.held == null) {
          delivered += deliverLive(subscriber, event, frame);
        } else if (subscriber.held.size() >= MAX_HELD) {
          delivered += abandonRecovery(subscriber, event, frame);
        } else {
          subscriber.held.add(event);
        }
      } catch (RuntimeException e) {
        // one socket's trouble (e.g. its transport closing under it) must not keep the event from the others
        LOG.warn("delivery to a socket failed, the others go on [room: {}, offset: {}]: {}", room, event.offset(), e.toString());
      }
    }
    stats.delivered(delivered, event.tsMillis());
  }

  /**
   * One live event to one socket, against its position: a socket without one takes it from here; a socket that already
   * has it gets nothing; a socket for which it is of another epoch, or past a gap, is told it did not recover first.
   * Answers how many frames were written (0 or 1).
   */
  private int deliverLive(Subscriber subscriber, RoomEvent event, OutboundFrame frame) {
    if (event.offset() > 0) {
      if (subscriber.floor < 0) {
        subscriber.floor = event.offset() - 1;
        subscriber.epoch = event.epoch();
      } else if (subscriber.epoch == null) {
        subscriber.epoch = event.epoch();
      }
      if (!subscriber.epoch.equals(event.epoch()) || event.offset() > subscriber.floor + 1) {
        tellNotRecovered(subscriber, event.offset() - 1, event.epoch());
      } else if (event.offset() <= subscriber.floor) {
        return 0;
      }
      subscriber.floor = event.offset();
    }
    if (!subscriber.takes(event.type())) {
      return 0;
    }
    subscriber.target.deliver(frame, event);
    return 1;
  }

  /** The {@code sb.recovery} notice: this socket goes on from {@code offset} of {@code newEpoch} without what came before. */
  private void tellNotRecovered(Subscriber subscriber, long offset, String newEpoch) {
    subscriber.epoch = newEpoch;
    subscriber.floor = offset;
    subscriber.target.deliver(new OutboundFrame(Frames.recovery(address, room, offset, newEpoch)), null);
  }

  /** A resuming socket's replay ended: it is told when it did not recover, then gets the live events held for it. */
  private void resumed(Subscriber subscriber, ResumeReplay.Outcome outcome) {
    if (!isMember(subscriber) || !subscriber.recovering()) {
      return;
    }
    if (outcome.failure() != null) {
      subscriber.target.deliver(new OutboundFrame(Frames.recoveryFailed(address, outcome.failure())), null);
    } else if (!outcome.recovered()) {
      tellNotRecovered(subscriber, outcome.offset(), outcome.epoch());
    }
    goLive(subscriber);
  }

  private void goLive(Subscriber subscriber) {
    List<RoomEvent> held = subscriber.held;
    subscriber.held = null;
    for (RoomEvent event : held) {
      deliverLive(subscriber, event, frameOf(event));
    }
  }

  /**
   * A resuming socket whose replay is so slow that {@link #MAX_HELD} live events piled up behind it: memory stays
   * bounded — it is told, as when a gap cannot be filled, that it did not recover, and goes on live from this event.
   */
  private int abandonRecovery(Subscriber subscriber, RoomEvent event, OutboundFrame frame) {
    LOG.warn("resume abandoned, replay too slow [room: {}, held: {}]", room, subscriber.held.size());
    subscriber.held = null;
    tellNotRecovered(subscriber, event.offset() - 1, event.epoch());
    return deliverLive(subscriber, event, frame);
  }

  private OutboundFrame frameOf(RoomEvent event) {
    return new OutboundFrame(Frames.rec(address, event.envelope().toString(StandardCharsets.UTF_8)));
  }

  private boolean isMember(Subscriber subscriber) {
    for (Subscriber s : subscribers) {
      if (s == subscriber) {
        return true;
      }
    }
    return false;
  }
}
