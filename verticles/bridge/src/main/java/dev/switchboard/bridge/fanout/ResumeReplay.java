package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.events.ReplayReply;
import dev.switchboard.shared.rooms.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/**
 * What a resuming socket missed (docs/protocol.md, "Recovery"): the events after its position, read from history page by
 * page and written to it (its type filter applied), read again while the live events held for it do not follow on from
 * what it has (at most {@link #MAX_REPLAYS} times). Ends with the {@link Outcome} its room's fan-out acts on; a socket
 * that left the room or stopped resuming meanwhile ends it early.
 */
final class ResumeReplay {

  /** How a replay ended: caught up, the log cannot serve it (go on from {@code offset} of {@code epoch}), or history failed. */
  record Outcome(boolean recovered, long offset, String epoch, Throwable failure) {

    static Outcome caughtUp() {
      return new Outcome(true, -1, null, null);
    }
  }

  private static final int PAGE = 1000;
  private static final int MAX_REPLAYS = 3;

  private final String room;
  private final String address;
  private final HistoryReader history;
  private final Predicate<Subscriber> resuming;

  ResumeReplay(String room, String address, HistoryReader history, Predicate<Subscriber> resuming) {
    this.room = room;
    this.address = address;
    this.history = history;
    this.resuming = resuming;
  }

  Future<Outcome> run(Subscriber subscriber, long since, String epoch) {
    Promise<Outcome> done = Promise.promise();
    page(subscriber, since, epoch, 0, done);
    return done.future();
  }

  private void page(Subscriber subscriber, long since, String wantedEpoch, int attempt, Promise<Outcome> done) {
    JsonObject request = new JsonObject().put("room", room).put("since", since).put("limit", PAGE);
    if (wantedEpoch != null) {
      request.put("epoch", wantedEpoch);
    }
    history.replay(request).onComplete(result -> {
      if (!resuming.test(subscriber)) {
        done.complete(Outcome.caughtUp());
        return;
      }
      if (result.failed()) {
        // the socket keeps the position it asked for: the live events tell it whether it missed anything
        done.complete(new Outcome(false, -1, null, result.cause()));
        return;
      }
      ReplayReply slice = ReplayReply.fromJson(result.result());
      if (!slice.recovered()) {
        done.complete(new Outcome(false, slice.offset(), slice.epoch(), null));
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
        page(subscriber, subscriber.floor, slice.epoch(), attempt, done);
      } else if (heldGap(subscriber) && attempt < MAX_REPLAYS) {
        // events stored after this replay read, before the live stream reached the socket: read again
        page(subscriber, subscriber.floor, slice.epoch(), attempt + 1, done);
      } else {
        done.complete(Outcome.caughtUp());
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
}
