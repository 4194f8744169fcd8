package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.events.ReplayReply;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The sockets of this bridge registered on one room. Events arrive once (one local consumer per room) and go
 * out in offset order: an event that arrives ahead of its predecessor is held for {@link #HOLD_MS}, and the
 * gap is then fetched from history (again, a little later, when history does not answer). Each delivered event is
 * encoded into one frame, written to every socket whose type filter takes it. The subscriber array is copied on
 * change, so a socket closing mid-delivery cannot disturb the loop. Everything runs on the bridge's event loop.
 *
 * <p>No socket gets a silent gap. Each follows its own position (epoch and offset): when the next event it gets is
 * of another epoch — the room's log was lost and started again, e.g. a restarted memory store — or lies past a gap
 * nobody could fill, it is first sent the {@code sb.recovery} notice ({@code recovered: false}, the offset just
 * before that event, its epoch), as a socket whose resume cannot be served is. A new epoch starts at offset 1: what
 * of it did not come live is fetched from history; events of an epoch the room has left are dropped.
 */
final class RoomFanout {

  static final long HOLD_MS = 100;
  static final int MAX_HELD = 10_000;
  /** A gap fill that history did not answer is tried again after this long, at most {@link #FILL_ATTEMPTS} times. */
  static final long FILL_RETRY_MS = 1_000;
  static final int FILL_ATTEMPTS = 5;
  /** A room new on this node whose first events came out of order: how far back history is asked for late ones. */
  static final int NEW_ROOM_LOOKBACK = 200;
  /** Events built this long before this node was listed for a room still count as built after (other nodes' clocks). */
  static final long CLOCK_MARGIN_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(RoomFanout.class);
  private static final int PAGE = 1000;
  private static final int MAX_REPLAYS = 3;
  private static final int RETIRED_EPOCHS = 4;

  private final String room;
  private final String address;
  private final Future<RoomSubscription> subscription;
  private final DeliveryStats stats;
  private final HistoryReader history;
  private final Vertx vertx;
  private Subscriber[] subscribers = new Subscriber[0];
  private String epoch;
  private final Deque<String> retired = new ArrayDeque<>();
  private long lastOffset = -1;
  private final TreeMap<Long, RoomEvent> early = new TreeMap<>();
  private long gapTimer = -1;
  private boolean filling;
  private int fillFailures;
  /** Wall-clock millis at which this node was listed for the room; -1 before. */
  private long listedAtMs = -1;

  RoomFanout(String room, Future<RoomSubscription> subscription, DeliveryStats stats, HistoryReader history, Vertx vertx) {
    this.room = room;
    this.address = Addresses.room(room);
    this.subscription = subscription;
    this.stats = stats;
    this.history = history;
    this.vertx = vertx;
    subscription.onSuccess(listed -> listedAtMs = System.currentTimeMillis());
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
      if (retired.contains(event.epoch())) {
        LOG.debug("event of a former epoch dropped [room: {}, epoch: {}, offset: {}]", room, event.epoch(), event.offset());
        return;
      }
      startEpoch(event.epoch());
    }
    if (lastOffset >= 0 && event.offset() <= lastOffset) {
      return;
    }
    if ((event.offset() == lastOffset + 1 || lastOffset < 0 && event.offset() == 1) && !filling) {
      // the next one, or the first of the room's log: nothing can come before it
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

  /**
   * The first event of an epoch. After another epoch, it is a new life of the room's log, which starts at offset 1:
   * what of it has not come live is fetched from history. Without one, the room is new on this node: the first events
   * are held briefly, so that those that come a little late from another broadcaster still go out in order, and it
   * starts from the lowest that came or, when that is not offset 1, from the first event history has that was built
   * since this node was listed ({@link #startNewRoom}) — offset 1, the start of the log, goes out at once.
   */
  private void startEpoch(String next) {
    if (epoch != null) {
      LOG.info("room log in a new epoch [room: {}, from: {}, to: {}]", room, epoch, next);
      retired.addLast(epoch);
      if (retired.size() > RETIRED_EPOCHS) {
        retired.removeFirst();
      }
      lastOffset = 0;
    } else {
      lastOffset = -1;
    }
    epoch = next;
    early.clear();
    fillFailures = 0;
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
    if (lastOffset >= 0 && early.firstKey() <= lastOffset + 1) {
      // the missing events came while history was being asked
      drainEarly();
      return;
    }
    if (lastOffset < 0) {
      startNewRoom();
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
          if (!Objects.equals(fillEpoch, epoch)) {
            // the log changed epoch meanwhile: start over in the new one
            drainEarly();
          } else if (result.failed()) {
            fillFailed(result.cause());
          } else {
            filled(result.result(), until);
          }
        });
  }

  /**
   * The room is new on this node and its first events came out of order: those just before the lowest that came may
   * have been stored after this node was listed for the room, and be late. They are read from history (at most
   * {@link #NEW_ROOM_LOOKBACK}), and those built since the listing — less {@link #CLOCK_MARGIN_MS} for the broadcasters'
   * clocks — go out first; what was built before the listing is not this node's to deliver.
   */
  private void startNewRoom() {
    long first = early.firstKey();
    if (listedAtMs < 0 || first == 1) {
      lastOffset = first - 1;
      drainEarly();
      return;
    }
    filling = true;
    long since = Math.max(0, first - 1 - NEW_ROOM_LOOKBACK);
    String fillEpoch = epoch;
    history.replay(new JsonObject().put("room", room).put("since", since).put("epoch", fillEpoch)
            .put("limit", (int) (first - 1 - since)))
        .onComplete(result -> {
          filling = false;
          if (!Objects.equals(fillEpoch, epoch) || lastOffset >= 0) {
            drainEarly();
            return;
          }
          if (result.succeeded()) {
            builtSinceListed(result.result(), first).forEach(missed -> early.putIfAbsent(missed.offset(), missed));
          }
          if (!early.isEmpty()) {
            lastOffset = early.firstKey() - 1;
          }
          drainEarly();
        });
  }

  /** The events of a history slice before {@code until}, from the first built since this node was listed. */
  private List<RoomEvent> builtSinceListed(JsonObject slice, long until) {
    List<RoomEvent> since = new ArrayList<>();
    ReplayReply reply = ReplayReply.fromJson(slice);
    if (!Objects.equals(epoch, reply.epoch())) {
      return since;
    }
    for (Object item : reply.events()) {
      JsonObject envelope = (JsonObject) item;
      long offset = envelope.getLong("offset", 0L);
      boolean recent = builtAtMs(envelope) >= listedAtMs - CLOCK_MARGIN_MS;
      if (offset < until && (recent || !since.isEmpty())) {
        since.add(RoomEvent.of(envelope, 0));
      }
    }
    return since;
  }

  /** An envelope's {@code ts} in millis; one without a readable {@code ts} counts as built long ago. */
  private static long builtAtMs(JsonObject envelope) {
    try {
      String ts = envelope.getString("ts");
      return ts == null ? Long.MIN_VALUE : Instant.parse(ts).toEpochMilli();
    } catch (DateTimeParseException | ClassCastException e) {
      return Long.MIN_VALUE;
    }
  }

  private void filled(JsonObject slice, long until) {
    fillFailures = 0;
    long before = lastOffset;
    ReplayReply reply = ReplayReply.fromJson(slice);
    if (epoch.equals(reply.epoch())) {
      for (Object item : reply.events()) {
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
      // history no longer has the gap (trimmed, or its log is in another epoch): go on after it — each socket is told
      LOG.info("gap not in history, going on after it [room: {}, after: {}, before: {}]", room, lastOffset, early.firstKey());
      lastOffset = early.firstKey() - 1;
    }
    drainEarly();
  }

  /** History did not answer: try again shortly; after {@link #FILL_ATTEMPTS} go on after the gap — each socket is told. */
  private void fillFailed(Throwable cause) {
    if (++fillFailures < FILL_ATTEMPTS) {
      LOG.debug("gap fill failed, trying again [room: {}, attempt: {}]: {}", room, fillFailures, cause.toString());
      if (gapTimer < 0) {
        gapTimer = vertx.setTimer(FILL_RETRY_MS, t -> {
          gapTimer = -1;
          fillGap();
        });
      }
      return;
    }
    LOG.warn("history did not answer for a gap, going on after it [room: {}, after: {}, before: {}, attempts: {}]: {}",
        room, lastOffset, early.isEmpty() ? null : early.firstKey(), fillFailures, cause.toString());
    fillFailures = 0;
    if (!early.isEmpty()) {
      lastOffset = early.firstKey() - 1;
    }
    drainEarly();
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
        // the socket keeps the position it asked for: the live events tell it whether it missed anything
        subscriber.target.deliver(new OutboundFrame(Frames.recoveryFailed(address, result.cause())), null);
        goLive(subscriber);
        return;
      }
      ReplayReply slice = ReplayReply.fromJson(result.result());
      if (!slice.recovered()) {
        tellNotRecovered(subscriber, slice.offset(), slice.epoch());
        goLive(subscriber);
        return;
      }
      subscriber.epoch = slice.epoch();
      for (Object item : slice.events()) {
        JsonObject envelope = (JsonObject) item;
        long offset = envelope.getLong("offset", 0L);
        if (offset > subscriber.floor) {
          subscriber.floor = offset;
          if (subscriber.takes(envelope.getString("type"))) {
            subscriber.target.deliver(new OutboundFrame(Frames.rec(address, envelope.encode())), null);
          }
        }
      }
      if (slice.more()) {
        recover(subscriber, subscriber.floor, slice.epoch(), attempt);
      } else if (heldGap(subscriber) && attempt < MAX_REPLAYS) {
        // events stored after this replay read, before the live stream reached the socket: read again
        recover(subscriber, subscriber.floor, slice.epoch(), attempt + 1);
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
