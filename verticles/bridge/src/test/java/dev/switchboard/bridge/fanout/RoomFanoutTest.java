package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomFanoutTest {

  @Test
  @DisplayName("a resuming socket whose replay never answers is told it did not recover once MAX_HELD events pile up, then goes on live")
  void boundedResume(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    FanoutTarget socket = recorder(frames);
    HistoryReader silent = request -> Promise.<JsonObject>promise().future();
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, silent);
      fanout.add(new Subscriber(socket, null), new Resume(0, "e1"));
      for (long offset = 1; offset <= RoomFanout.MAX_HELD + 1; offset++) {
        fanout.receive(event(offset));
      }
      // the first events of a room on a node are held briefly (they may come out of order): let that pass
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> ctx.verify(() -> {
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).getJsonObject("body").getString("type")).isEqualTo("sb.recovery");
        assertThat(frames.get(0).getJsonObject("body").getJsonObject("data")).isEqualTo(new JsonObject()
            .put("recovered", false).put("offset", (long) RoomFanout.MAX_HELD).put("epoch", "e1"));
        assertThat(frames.get(1).getJsonObject("body").getLong("offset")).isEqualTo(RoomFanout.MAX_HELD + 1L);
        fanout.receive(event(RoomFanout.MAX_HELD + 2));
        assertThat(frames).hasSize(3);
        ctx.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("a live event of a new epoch: every socket — also one whose position was past it — is told it did not"
      + " recover (offset 0, the new epoch), then gets the new log from offset 1")
  void newEpochLive(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> plain = new ArrayList<>();
    List<JsonObject> resumed = new ArrayList<>();
    HistoryReader upToDate = request -> Future.succeededFuture(slice("e1", 50, true));
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, upToDate);
      fanout.add(new Subscriber(recorder(plain), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.add(new Subscriber(recorder(resumed), null), new Resume(50, "e1"));
        vertx.setTimer(50, t2 -> {
          fanout.receive(event("e2", 1));
          fanout.receive(event("e2", 2));
          ctx.verify(() -> {
            assertThat(describe(plain)).containsExactly("e1/1", "recovery e2/0", "e2/1", "e2/2");
            assertThat(describe(resumed)).containsExactly("recovery e2/0", "e2/1", "e2/2");
            ctx.completeNow();
          });
        });
      });
    });
  }

  @Test
  @DisplayName("a new epoch whose first events did not come live: they are fetched from history, after the notice")
  void newEpochFilled(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    HistoryReader history = request -> Future.succeededFuture(request.getString("epoch").equals("e2") && request.getLong("since") == 0
        ? slice("e2", 3, true, event("e2", 1), event("e2", 2)) : slice("e1", 1, true));
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, history);
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.receive(event("e2", 3));
        vertx.setTimer(RoomSequencer.HOLD_MS * 3, t2 -> ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("e1/1", "recovery e2/0", "e2/1", "e2/2", "e2/3");
          ctx.completeNow();
        }));
      });
    });
  }

  @Test
  @DisplayName("a gap that history no longer has: the socket is told it did not recover, then gets what follows")
  void gapNotInHistory(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    HistoryReader trimmed = request -> Future.succeededFuture(slice("e1", 5, false));
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, trimmed);
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.receive(event("e1", 5));
        fanout.receive(event("e1", 6));
        vertx.setTimer(RoomSequencer.HOLD_MS * 3, t2 -> ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("e1/1", "recovery e1/4", "e1/5", "e1/6");
          ctx.completeNow();
        }));
      });
    });
  }

  @Test
  @DisplayName("history that does not answer a gap fill is asked again: the events go out in order, no gap, no notice")
  void gapFillRetried(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    AtomicInteger asked = new AtomicInteger();
    HistoryReader flaky = request -> asked.incrementAndGet() == 1
        ? Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "no answer"))
        : Future.succeededFuture(slice("e1", 3, true, event("e1", 2)));
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, flaky);
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.receive(event("e1", 3));
        vertx.setTimer(RoomSequencer.FILL_RETRY_MS + RoomSequencer.HOLD_MS * 3, t2 -> ctx.verify(() -> {
          assertThat(asked.get()).isEqualTo(2);
          assertThat(describe(frames)).containsExactly("e1/1", "e1/2", "e1/3");
          ctx.completeNow();
        }));
      });
    });
  }

  @Test
  @DisplayName("an event of an epoch the room has left is dropped")
  void formerEpochDropped(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, request -> Future.succeededFuture(slice("e2", 1, true)));
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.receive(event("e2", 1));
        fanout.receive(event("e1", 2));
        fanout.receive(event("e2", 2));
        ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("e1/1", "recovery e2/0", "e2/1", "e2/2");
          ctx.completeNow();
        });
      });
    });
  }

  @Test
  @DisplayName("a resuming socket whose replay failed keeps the position it asked for: an err, then the notice when a"
      + " live event lies past it")
  void failedResumeKeepsPosition(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    HistoryReader down = request -> Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no history"));
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, down);
      fanout.add(new Subscriber(recorder(frames), null), new Resume(5, "e1"));
      vertx.setTimer(50, t -> {
        fanout.receive(event("e2", 7));
        vertx.setTimer(RoomSequencer.HOLD_MS * 3, t2 -> ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("err 503", "recovery e2/6", "e2/7");
          ctx.completeNow();
        }));
      });
    });
  }

  @Test
  @DisplayName("a resuming socket with a type filter: the live events held during its replay are judged on offsets, not types")
  void typesDuringResume(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    Promise<JsonObject> replay = Promise.promise();
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, request -> replay.future());
      fanout.add(new Subscriber(recorder(frames), Set.of("wanted")), new Resume(1, "e1"));
      fanout.receive(event("e1", 2, "other"));
      fanout.receive(event("e1", 3, "wanted"));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        replay.complete(slice("e1", 1, true));
        ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("e1/3");
          ctx.completeNow();
        });
      });
    });
  }

  @Test
  @DisplayName("the first event of a room's log (offset 1) goes out at once; a first event past 1 waits for its"
      + " predecessors, which then go out in order")
  void firstOfLogAtOnce(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> fresh = new ArrayList<>();
    List<JsonObject> joinedLate = new ArrayList<>();
    vertx.runOnContext(v -> {
      RoomFanout newRoom = fanout(vertx, request -> Future.succeededFuture(slice("e1", 0, true)));
      newRoom.add(new Subscriber(recorder(fresh), null), null);
      newRoom.receive(event("e1", 1));
      RoomFanout busyRoom = fanout(vertx, request -> Future.succeededFuture(slice("e1", 0, true)));
      busyRoom.add(new Subscriber(recorder(joinedLate), null), null);
      busyRoom.receive(event("e1", 8));
      busyRoom.receive(event("e1", 7));
      ctx.verify(() -> {
        assertThat(describe(fresh)).containsExactly("e1/1");
        assertThat(joinedLate).isEmpty();
      });
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> ctx.verify(() -> {
        assertThat(describe(joinedLate)).containsExactly("e1/7", "e1/8");
        ctx.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("a room new on this node whose first event came out of order: the late ones built since the node was"
      + " listed are fetched from history and go out first; those built before the listing do not")
  void newRoomLateEventsFetched(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    List<JsonObject> asked = new ArrayList<>();
    long now = System.currentTimeMillis();
    HistoryReader history = request -> {
      asked.add(request);
      return Future.succeededFuture(slice("e1", 3, true, built("e1", 1, now - 60_000), built("e1", 2, now)));
    };
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, history);
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(built("e1", 3, now));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> ctx.verify(() -> {
        assertThat(describe(frames)).containsExactly("e1/2", "e1/3");
        assertThat(asked).singleElement().satisfies(request -> {
          assertThat(request.getLong("since")).isZero();
          assertThat(request.getInteger("limit")).isEqualTo(2);
        });
        fanout.receive(event("e1", 4));
        assertThat(describe(frames)).containsExactly("e1/2", "e1/3", "e1/4");
        ctx.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("a socket whose write throws (its transport closing under it) does not keep the event from the others")
  void failingSocketIsolated(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    FanoutTarget closing = (frame, event) -> {
      throw new IllegalStateException("WebSocket is closed");
    };
    vertx.runOnContext(v -> {
      RoomFanout fanout = fanout(vertx, request -> Future.succeededFuture(slice("e1", 1, true)));
      fanout.add(new Subscriber(closing, null), null);
      fanout.add(new Subscriber(recorder(frames), null), null);
      fanout.receive(event("e1", 1));
      vertx.setTimer(RoomSequencer.HOLD_MS * 3, t -> {
        fanout.receive(event("e1", 2));
        ctx.verify(() -> {
          assertThat(describe(frames)).containsExactly("e1/1", "e1/2");
          ctx.completeNow();
        });
      });
    });
  }

  private static RoomFanout fanout(Vertx vertx, HistoryReader history) {
    return new RoomFanout("project:1", Future.succeededFuture((RoomSubscription) null), (sockets, ts) -> { }, history, vertx);
  }

  private static FanoutTarget recorder(List<JsonObject> frames) {
    return (frame, event) -> frames.add(new JsonObject(frame.json()));
  }

  /** Each frame as "epoch/offset", "recovery epoch/offset" or "err code". */
  private static List<String> describe(List<JsonObject> frames) {
    return frames.stream().map(frame -> {
      if ("err".equals(frame.getString("type"))) {
        return "err " + frame.getInteger("failureCode");
      }
      JsonObject body = frame.getJsonObject("body");
      return "sb.recovery".equals(body.getString("type"))
          ? "recovery " + body.getJsonObject("data").getString("epoch") + "/" + body.getJsonObject("data").getLong("offset")
          : body.getString("epoch") + "/" + body.getLong("offset");
    }).toList();
  }

  /** A replay answer: {room, events, offset, epoch, recovered, more: false}. */
  private static JsonObject slice(String epoch, long newest, boolean recovered, RoomEvent... events) {
    JsonArray list = new JsonArray();
    for (RoomEvent event : events) {
      list.add(event.envelopeJson());
    }
    return new JsonObject().put("room", "project:1").put("events", list).put("offset", newest).put("epoch", epoch)
        .put("recovered", recovered).put("more", false);
  }

  private static RoomEvent event(String epoch, long offset) {
    return event(epoch, offset, "t");
  }

  private static RoomEvent event(String epoch, long offset, String type) {
    return RoomEvent.of(new JsonObject().put("id", epoch + "-" + offset).put("room", "project:1").put("type", type)
        .put("data", new JsonObject()).put("offset", offset).put("epoch", epoch), System.currentTimeMillis());
  }

  /** An event whose envelope says when it was built ({@code ts}), as history stores it. */
  private static RoomEvent built(String epoch, long offset, long tsMillis) {
    return RoomEvent.of(new JsonObject().put("id", epoch + "-" + offset).put("room", "project:1").put("type", "t")
        .put("data", new JsonObject()).put("ts", Envelope.timestamp(tsMillis)).put("offset", offset).put("epoch", epoch),
        tsMillis);
  }

  private static RoomEvent event(long offset) {
    return event("e1", offset);
  }
}
