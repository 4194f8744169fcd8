package dev.switchboard.shared.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Hazelcast's asynchronous calls as Vert.x futures completed on a Vert.x context, without a thread per call.
 *
 * <p>A callback registered on a Hazelcast future without an executor runs on Hazelcast's default async executor,
 * which is the common fork-join pool only when that pool has more than one thread; on a machine (or a container, or
 * {@code -XX:ActiveProcessorCount}) with at most two processors it starts a new thread for every callback. Vert.x's
 * {@code Future.fromCompletionStage} registers exactly such a callback, so every directory read, presence update and
 * history append started and ended a thread there (7.6 % of a node's CPU on the rooms benchmark, more in a
 * connection storm). Here the callback runs on the thread that completed the call and only hands the result over to
 * the context.
 */
public final class HazelcastFutures {

  private static final Executor ON_COMPLETING_THREAD = Runnable::run;

  private HazelcastFutures() {
  }

  /**
   * The outcome of {@code call} on {@code context}. Hazelcast may throw instead of failing its stage (e.g. while a
   * member shuts down): that is a failed future too, so no caller's chain is broken by it.
   */
  public static <T> Future<T> call(Context context, Supplier<? extends CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return of(context, stage);
  }

  /** The outcome of a Hazelcast stage, delivered on {@code context}. */
  public static <T> Future<T> of(Context context, CompletionStage<T> stage) {
    CompletableFuture<T> direct = new CompletableFuture<>();
    stage.whenCompleteAsync((value, failure) -> {
      if (failure == null) {
        direct.complete(value);
      } else {
        direct.completeExceptionally(failure);
      }
    }, ON_COMPLETING_THREAD);
    return Future.fromCompletionStage(direct, context);
  }
}
