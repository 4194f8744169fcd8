package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.socket.Frames;
import dev.switchboard.bridge.transport.OutboundFrame;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The sockets of this bridge registered on one room. Events arrive once (one local consumer per room) and go
 * out in offset order: an event that arrives ahead of its predecessor is held for {@link #HOLD_MS}, and the
 * gap is then fetched from history. Each delivered event is encoded into one frame, written to every socket
 * whose type filter takes it. The subscriber array is copied on change, so a socket closing mid-delivery
 * cannot disturb the loop. Everything runs on the bridge's event loop.
 */
final class RoomFanout {

  static final long HOLD_MS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(RoomFanout.class);
  static final int MAX_HELD = 10_000;
  private static final int PAGE = 1000;
  private static final int MAX_REPLAYS = 3;

  private final String room;
  private final String address;
  private final Future<RoomSubscription> subscription;
  private final DeliveryStats stats;
  private final HistoryReader history;
  private final Vertx vertx;
  private Subscriber[] subscribers = new Subscriber[0];
  private String epoch;
  private long lastOffset = -1;
  private final TreeMap<Long, RoomEvent> early = new TreeMap<>();
  private long gapTimer = -1;
  private boolean filling;

  RoomFanout(String room, Future<RoomSubscription> subscription, DeliveryStats stats, HistoryReader history, Vertx vertx) {
    this.room = room;
    this.address = Addresses.room(room);
    this.subscription = subscription;
    this.stats = stats;
    this.history = history;
    this.vertx = vertx;
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
      // only once this node is listed for the room: every later event then arrives live, every earlier one is in history
      subscription.onComplete(listed -> recover(subscriber, resume.since(), resume.epoch(), 0));
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

  /** A live event from room routing. */
  void receive(RoomEvent event) {
    if (event.offset() <= 0) {
      fanOut(event);
      return;
    }
    if (!Objects.equals(event.epoch(), epoch)) {
      // a new room, or a new life of its log: no position yet; the first events are held briefly, so that
      // those that come a little late from another broadcaster still go out in order
      epoch = event.epoch();
      lastOffset = -1;
      early.clear();
    }
    if (lastOffset >= 0 && event.offset() <= lastOffset) {
      return;
    }
    if (event.offset() == lastOffset + 1 && !filling) {
      advance(event);
      drainEarly();
      return;
    }
    early.put(event.offset(), event);
    if (early.size() > MAX_HELD) {
      fillGap();
    } else {
      awaitGap();
    }
  }

  /** Gives the missing predecessor {@link #HOLD_MS} to arrive before fetching it. */
  private void awaitGap() {
    if (gapTimer < 0 && !filling) {
      gapTimer = vertx.setTimer(HOLD_MS, t -> {
        gapTimer = -1;
        fillGap();
      });
    }
  }

  private void advance(RoomEvent event) {
    lastOffset = event.offset();
    fanOut(event);
  }

  private void drainEarly() {
    while (!early.isEmpty() && early.firstKey() <= lastOffset + 1) {
      RoomEvent next = early.pollFirstEntry().getValue();
      if (next.offset() == lastOffset + 1) {
        advance(next);
      }
    }
    if (early.isEmpty() && gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    } else if (!early.isEmpty()) {
      awaitGap();
    }
  }

  /** The next expected events did not come: fetch them from history, then go on with what was held. */
  private void fillGap() {
    if (filling || early.isEmpty()) {
      return;
    }
    if (lastOffset < 0) {
      // the first events of this room on this node: start from the lowest that came
      lastOffset = early.firstKey() - 1;
      drainEarly();
      return;
    }
    filling = true;
    long until = early.firstKey();
    LOG.debug("filling a gap from history [room: {}, after: {}, before: {}, held: {}]", room, lastOffset, until, early.size());
    String fillEpoch = epoch;
    history.replay(new JsonObject().put("room", room).put("since", lastOffset).put("epoch", fillEpoch)
            .put("limit", (int) Math.min(PAGE, until - lastOffset - 1)))
        .onComplete(result -> {
          filling = false;
          long before = lastOffset;
          LOG.debug("gap fill answered [room: {}, ok: {}, events: {}]", room, result.succeeded(),
              result.succeeded() ? result.result().getJsonArray("events", new JsonArray()).size() : result.cause());
          if (result.succeeded() && Objects.equals(fillEpoch, epoch)) {
            for (Object item : result.result().getJsonArray("events", new JsonArray())) {
              RoomEvent missed = RoomEvent.of((JsonObject) item, 0);
              if (missed.offset() == lastOffset + 1 && missed.offset() < until) {
                advance(missed);
              }
            }
          }
          if (!early.isEmpty() && early.firstKey() > lastOffset + 1) {
            if (lastOffset > before) {
              fillGap();
              return;
            }
            // history no longer has the gap, or did not answer: skip it (sockets resume with since/epoch)
            lastOffset = early.firstKey() - 1;
          }
          drainEarly();
        });
  }

  private void fanOut(RoomEvent event) {
    Subscriber[] targets = subscribers;
    if (targets.length == 0) {
      return;
    }
    OutboundFrame frame = frameOf(event);
    int delivered = 0;
    for (Subscriber subscriber : targets) {
      if (!subscriber.takes(event.type())) {
        continue;
      }
      if (subscriber.held != null && subscriber.held.size() >= MAX_HELD) {
        abandonRecovery(subscriber, event);
      } else if (subscriber.held != null) {
        subscriber.held.add(event);
      } else if (event.offset() <= 0 || event.offset() > subscriber.floor) {
        subscriber.target.deliver(frame, event);
        delivered++;
      }
    }
    stats.delivered(delivered, event.tsMillis());
  }

  /** Sends a recovering socket the events after {@code since}, page by page, then what arrived meanwhile. */
  private void recover(Subscriber subscriber, long since, String wantedEpoch, int attempt) {
    JsonObject request = new JsonObject().put("room", room).put("since", since).put("limit", PAGE);
    if (wantedEpoch != null) {
      request.put("epoch", wantedEpoch);
    }
    history.replay(request).onComplete(result -> {
      if (!isMember(subscriber) || !subscriber.recovering()) {
        return;
      }
      if (result.failed()) {
        subscriber.target.deliver(new OutboundFrame(Frames.recoveryFailed(address, result.cause())), null);
        goLive(subscriber);
        return;
      }
      JsonObject slice = result.result();
      if (!slice.getBoolean("recovered", false)) {
        subscriber.floor = slice.getLong("offset", 0L);
        subscriber.target.deliver(new OutboundFrame(Frames.recovery(address, room, subscriber.floor, slice.getString("epoch"))), null);
        goLive(subscriber);
        return;
      }
      for (Object item : slice.getJsonArray("events", new JsonArray())) {
        JsonObject envelope = (JsonObject) item;
        long offset = envelope.getLong("offset", 0L);
        if (offset > subscriber.floor) {
          subscriber.floor = offset;
          if (subscriber.takes(envelope.getString("type"))) {
            subscriber.target.deliver(new OutboundFrame(Frames.rec(address, envelope.encode())), null);
          }
        }
      }
      if (slice.getBoolean("more", false)) {
        recover(subscriber, subscriber.floor, slice.getString("epoch"), attempt);
      } else if (heldGap(subscriber) && attempt < MAX_REPLAYS) {
        // events stored after this replay read, before the live stream reached the socket: read again
        recover(subscriber, subscriber.floor, slice.getString("epoch"), attempt + 1);
      } else {
        goLive(subscriber);
      }
    });
  }

  /** True when the first held live event does not follow what the socket has. */
  private static boolean heldGap(Subscriber subscriber) {
    for (RoomEvent event : subscriber.held) {
      if (event.offset() > subscriber.floor) {
        return event.offset() > subscriber.floor + 1;
      }
    }
    return false;
  }

  private void goLive(Subscriber subscriber) {
    List<RoomEvent> held = subscriber.held;
    subscriber.held = null;
    for (RoomEvent event : held) {
      if (event.offset() <= 0 || event.offset() > subscriber.floor) {
        subscriber.floor = Math.max(subscriber.floor, event.offset());
        subscriber.target.deliver(frameOf(event), event);
      }
    }
  }

  /**
   * A resuming socket whose replay is so slow that {@link #MAX_HELD} live events piled up behind it: memory stays
   * bounded — it is told, as when a gap cannot be filled, that it did not recover, and goes on live from this event.
   */
  private void abandonRecovery(Subscriber subscriber, RoomEvent event) {
    LOG.warn("resume abandoned, replay too slow [room: {}, held: {}]", room, subscriber.held.size());
    subscriber.held = null;
    subscriber.floor = event.offset() - 1;
    subscriber.target.deliver(new OutboundFrame(Frames.recovery(address, room, subscriber.floor, event.epoch())), null);
    subscriber.floor = event.offset();
    subscriber.target.deliver(frameOf(event), event);
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
