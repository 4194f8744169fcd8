package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.ServiceRouting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@code sb.history.replay} for the fan-out: a read, so a try that gets no answer in time, finds no history node or
 * is answered 503 is made again, a little later — while a history member fails over (a dead member still listed, a
 * partition being promoted) the next try usually lands. Other failures, and the last try's, are the caller's. A node
 * with the history role asks its own, which is slow rather than gone: each try may take longer there.
 *
 * <p>Each try, not each whole read, takes a turn in a {@link ReplayQueue}: a read waiting out its backoff holds no
 * turn, so the reads of a recovery storm after a member's death are not queued behind each other's retries.
 */
public final class BusHistoryReader implements HistoryReader {

  static final long ATTEMPT_TIMEOUT_MS = 3_000;
  static final long LOCAL_ATTEMPT_TIMEOUT_MS = 10_000;
  static final int ATTEMPTS = 3;
  static final long BACKOFF_MS = 250;

  private final Vertx vertx;
  private final HistoryReader tries;
  private final DeliveryStats stats;

  /** {@code maxInFlight}: tries under way at once (see {@link ReplayQueue}); {@code stats} is told each read's time. */
  public BusHistoryReader(Vertx vertx, ServiceRouting routing, int maxInFlight, DeliveryStats stats) {
    this.vertx = vertx;
    this.stats = stats;
    DeliveryOptions options = routing.options(Addresses.HISTORY_REPLAY, routing.servedHere(Addresses.HISTORY_REPLAY)
        ? LOCAL_ATTEMPT_TIMEOUT_MS : ATTEMPT_TIMEOUT_MS);
    this.tries = new ReplayQueue(request -> vertx.eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY, request, options)
        .map(reply -> reply.body()), maxInFlight);
  }

  @Override
  public Future<JsonObject> replay(JsonObject request) {
    long start = System.nanoTime();
    return attempt(request, 1).onSuccess(slice -> stats.replayed(System.nanoTime() - start));
  }

  private Future<JsonObject> attempt(JsonObject request, int attempt) {
    return tries.replay(request)
        .recover(e -> {
          if (attempt >= ATTEMPTS || !worthRetrying(e)) {
            return Future.failedFuture(e);
          }
          Promise<JsonObject> retried = Promise.promise();
          vertx.setTimer(BACKOFF_MS * attempt, t -> attempt(request, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }

  /** No answer in time, no history node, or 503 (see {@link BusErrors#code}). */
  static boolean worthRetrying(Throwable failure) {
    return BusErrors.code(failure) == FailureCodes.UNAVAILABLE;
  }
}
