package dev.switchboard.history;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.health.HealthCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The link of a durable store (redis, postgres) to its server: up or down, and the way back up. Calls on a down
 * link fail at once with 503 — a publish is never acknowledged unless the store took it, and nobody waits for a
 * connect timeout per event. Any failed call sends a probe: the store's {@code connect} step (load scripts, migrate,
 * read the epoch), retried with a backoff from 200 ms doubling to 2 s until it succeeds, which brings the link up.
 * Touched only on the context that made it.
 */
final class StoreLink {

  static final long CALL_TIMEOUT_MS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(StoreLink.class);
  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 2000;

  private final Vertx vertx;
  private final String store;
  private final Supplier<Future<Void>> connect;
  private boolean up;
  private boolean probing;
  private boolean closed;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long retryTimer = -1;
  private String lastError = "not connected yet";

  /**
   * @param store   the store's name and where it is, for logs and {@code /ready} (no password)
   * @param connect what makes the store usable after its server (re)appeared
   */
  StoreLink(Vertx vertx, String store, Supplier<Future<Void>> connect) {
    this.vertx = vertx;
    this.store = store;
    this.connect = connect;
  }

  /** The first connect; the link is usable either way (down until a probe succeeds). */
  Future<Void> start() {
    probing = true;
    return probe();
  }

  boolean isUp() {
    return up;
  }

  /** Runs {@code call} if the link is up, within {@link #CALL_TIMEOUT_MS}; every failure is a 503. */
  <T> Future<T> call(Supplier<Future<T>> call) {
    if (!up) {
      return Future.failedFuture(BusErrors.unavailable("the history store is unavailable"));
    }
    Future<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).recover(e -> {
      failed(e);
      return Future.failedFuture(BusErrors.unavailable("the history store is unavailable"));
    });
  }

  /** {@code /ready}: down while the link is, else what {@code ping} says. */
  Future<HealthCheck> check(Supplier<Future<String>> ping) {
    if (!up) {
      return Future.succeededFuture(HealthCheck.down("history", store + " does not answer: " + lastError));
    }
    return call(ping).map(detail -> HealthCheck.up("history", store + ", " + detail))
        .otherwise(e -> HealthCheck.down("history", store + " does not answer: " + lastError));
  }

  void close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
  }

  /** A call failed or the connection closed: probe the server (once at a time); up until the probe fails. */
  void failed(Throwable error) {
    lastError = describe(error);
    if (!probing && !closed) {
      LOG.warn("history store call failed, probing the store [store: {}]: {}", store, lastError);
      probing = true;
      probe();
    }
  }

  private Future<Void> probe() {
    Future<Void> attempt;
    try {
      attempt = connect.get().timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    return attempt.onSuccess(v -> {
      if (!up) {
        LOG.info("history store connected [store: {}]", store);
      }
      up = true;
      probing = false;
      backoffMs = FIRST_BACKOFF_MS;
    }).onFailure(e -> {
      if (up || backoffMs == FIRST_BACKOFF_MS) {
        LOG.warn("history store unavailable, retrying with backoff [store: {}]: {}", store, describe(e));
      }
      up = false;
      lastError = describe(e);
      if (!closed) {
        retryTimer = vertx.setTimer(backoffMs, t -> probe());
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
    }).recover(e -> Future.succeededFuture());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
