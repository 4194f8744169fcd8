package dev.switchboard.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;


/**
 * An open-loop schedule: item {@code k} is due at {@code startUs + k / rate}, whatever happened to the items before
 * it, so a stalled server or generator shows up as lateness rather than as fewer items (no coordinated omission).
 * The pump runs on one context and catches up with every item that is due each time it wakes.
 */
final class OpenLoop {

  private final Context context;
  private final long count;
  private final long startUs;
  private final double intervalUs;
  private final Fire fire;
  private final Promise<Void> done = Promise.promise();
  private long next;

  private OpenLoop(Context context, long count, double ratePerSec, long startUs, Fire fire) {
    this.context = context;
    this.count = count;
    this.startUs = startUs;
    this.intervalUs = 1e6 / ratePerSec;
    this.fire = fire;
  }

  /**
   * Fires {@code fire(k, due)} for k = 0 … count-1 at {@code startUs + k / rate} on {@code context}; completes once all
   * have fired.
   */
  static Future<Void> run(Context context, long count, double ratePerSec, long startUs, Fire fire) {
    OpenLoop loop = new OpenLoop(context, count, ratePerSec, startUs, fire);
    if (count == 0) {
      return Future.succeededFuture();
    }
    context.runOnContext(v -> loop.pump());
    return loop.done.future();
  }

  /** What happens to item {@code k}, due at {@code dueUs} (µs of {@link Clock}); called at or after that time. */
  interface Fire {
    void fire(long k, long dueUs);
  }

  private long dueUs(long k) {
    return startUs + Math.round(k * intervalUs);
  }

  private void pump() {
    long now = Clock.nowUs();
    while (next < count && dueUs(next) <= now) {
      fire.fire(next, dueUs(next));
      next++;
    }
    if (next >= count) {
      done.complete();
      return;
    }
    long waitMs = Math.max(1, (dueUs(next) - Clock.nowUs()) / 1000);
    context.owner().setTimer(waitMs, id -> pump());
  }
}
