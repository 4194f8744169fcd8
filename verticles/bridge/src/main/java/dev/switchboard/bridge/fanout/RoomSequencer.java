package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.events.ReplayReply;
import dev.switchboard.shared.rooms.RoomEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One room's live events put in offset order on this node, before they are fanned out. An event that arrives ahead of
 * its predecessor is held for {@link #HOLD_MS}, and the gap is then fetched from history (again, a little later, when
 * history does not answer; after {@link #FILL_ATTEMPTS} it goes on after the gap). A new epoch — the room's log was lost
 * and started again — starts at offset 1: what of it did not come live is fetched; events of an epoch the room has left
 * are dropped. Everything runs on the bridge's event loop.
 */
final class RoomSequencer {

  static final long HOLD_MS = 100;
  static final int MAX_EARLY = 10_000;
  /** A gap fill that history did not answer is tried again after this long, at most {@link #FILL_ATTEMPTS} times. */
  static final long FILL_RETRY_MS = 1_000;
  static final int FILL_ATTEMPTS = 5;
  /** A room new on this node whose first events came out of order: how far back history is asked for late ones. */
  static final int NEW_ROOM_LOOKBACK = 200;
  /** Events built this long before this node was listed for a room still count as built after (other nodes' clocks). */
  static final long CLOCK_MARGIN_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(RoomSequencer.class);
  private static final int PAGE = 1000;
  private static final int RETIRED_EPOCHS = 4;

  private final String room;
  private final HistoryReader history;
  private final Vertx vertx;
  private final Consumer<RoomEvent> inOrder;
  private String epoch;
  private final Deque<String> retired = new ArrayDeque<>();
  private long lastOffset = -1;
  private final TreeMap<Long, RoomEvent> early = new TreeMap<>();
  private long gapTimer = -1;
  private boolean filling;
  private int fillFailures;
  /** Wall-clock millis at which this node was listed for the room; -1 before. */
  private long listedAtMs = -1;

  RoomSequencer(String room, HistoryReader history, Vertx vertx, Consumer<RoomEvent> inOrder) {
    this.room = room;
    this.history = history;
    this.vertx = vertx;
    this.inOrder = inOrder;
  }

  /** This node is listed for the room in the directory from now on. */
  void listed() {
    listedAtMs = System.currentTimeMillis();
  }

  /** A live event with an offset (events without one are not sequenced). */
  void receive(RoomEvent event) {
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
    if (early.size() > MAX_EARLY) {
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
    inOrder.accept(event);
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
}
