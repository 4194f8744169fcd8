package dev.switchboard.testkit;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking reads of a Vert.x {@link Future} for test threads (never on an event loop): the result, or the
 * {@link ExecutionException} whose cause is the failure, or a {@link TimeoutException} after the timeout.
 */
public final class Futures {

  /** The wait of {@link #get(Future)}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Futures() {
  }

  public static <T> T get(Future<T> future) throws ExecutionException, InterruptedException, TimeoutException {
    return get(future, DEFAULT_TIMEOUT);
  }

  public static <T> T get(Future<T> future, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
