package dev.switchboard.node;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes into a set of rooms through {@code sb.broadcast.publish} at a steady rate, round robin, from one context
 * of a node's Vert.x; remembers the highest offset acknowledged in each room and counts failed publishes. At most
 * {@link #MAX_IN_FLIGHT} publishes wait for their answer, as a well-behaved publisher would: a node that falls behind
 * slows the stream down (the achieved rate is {@link #published()} over the run) rather than queueing without end.
 */
final class RoomPublisher {

  static final int MAX_IN_FLIGHT = 200;

  private final Vertx vertx;
  private final List<String> rooms;
  private final int perSecond;
  private final Map<String, Long> newest = new ConcurrentHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();

  RoomPublisher(Vertx vertx, List<String> rooms, int perSecond) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.perSecond = perSecond;
  }

  /** Publishes for {@code seconds}; completes once every publish has been answered. */
  Future<Void> run(long seconds) {
    Promise<Void> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      long start = System.nanoTime();
      long total = perSecond * seconds;
      long[] sent = {0};
      vertx.setPeriodic(10, timer -> {
        long due = Math.min(total, (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1));
        while (sent[0] < due && inFlight.get() < MAX_IN_FLIGHT) {
          publish(rooms.get((int) (sent[0]++ % rooms.size())));
        }
        if (sent[0] == total && inFlight.get() == 0) {
          vertx.cancelTimer(timer);
          done.complete();
        }
      });
    });
    return done.future();
  }

  private void publish(String room) {
    inFlight.incrementAndGet();
    vertx.eventBus().<JsonObject>request(Addresses.BROADCAST_PUBLISH, new JsonObject().put("room", room)
            .put("type", "storm").put("data", new JsonObject().put("at", System.currentTimeMillis())))
        .onComplete(reply -> {
          inFlight.decrementAndGet();
          if (reply.succeeded()) {
            published.incrementAndGet();
            newest.merge(room, reply.result().body().getLong("offset"), Math::max);
          } else {
            failed.incrementAndGet();
          }
        });
  }

  long published() {
    return published.get();
  }

  long failed() {
    return failed.get();
  }

  /** The highest offset acknowledged in a room (0: none). */
  long newest(String room) {
    return newest.getOrDefault(room, 0L);
  }
}
