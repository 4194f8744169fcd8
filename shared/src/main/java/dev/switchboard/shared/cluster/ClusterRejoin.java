package dev.switchboard.shared.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A member that was cut off long enough (a pause, a partition) is declared gone by the others, which then clear what
 * it had registered — its member-directory entry, its rooms in the room directory, its sockets' presence, its
 * processes. When the cut heals, Hazelcast merges it back (split-brain merge) under a new member id, and it must
 * register all of that again: each holder of such state watches for that here. Vert.x itself puts back the node's
 * event-bus consumers (its inbox and service addresses).
 *
 * <p>The action runs on the context that registered it, after each merge, with the member id before and after; a
 * failed action is tried again a few times, a second apart.
 */
public final class ClusterRejoin {

  /** What to register again, as the member now called {@code memberId} (formerly {@code previousMemberId}). */
  @FunctionalInterface
  public interface Action {
    Future<Void> rejoined(String previousMemberId, String memberId);
  }

  static final int ATTEMPTS = 5;
  static final long RETRY_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRejoin.class);

  private ClusterRejoin() {
  }

  /** Runs {@code action} after every merge of this member back into the cluster; the id of the registration. */
  public static UUID watch(Vertx vertx, String what, Action action) {
    HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
    Context context = vertx.getOrCreateContext();
    AtomicReference<String> known = new AtomicReference<>(ClusterAccess.localMemberId(vertx));
    return hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() != LifecycleEvent.LifecycleState.MERGED) {
        return;
      }
      String now = ClusterAccess.localMemberId(vertx);
      String before = known.getAndSet(now);
      if (!now.equals(before)) {
        context.runOnContext(v -> attempt(vertx, what, action, before, now, 1));
      }
    });
  }

  public static void stop(Vertx vertx, UUID registration) {
    try {
      ClusterAccess.hazelcast(vertx).getLifecycleService().removeLifecycleListener(registration);
    } catch (RuntimeException e) {
      LOG.debug("rejoin watch not removed (the cluster is gone): {}", e.toString());
    }
  }

  private static Future<Void> attempt(Vertx vertx, String what, Action action, String before, String now, int attempt) {
    Future<Void> done;
    try {
      done = action.rejoined(before, now);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done
        .onSuccess(v -> LOG.info("registered again after rejoining the cluster [what: {}, member: {} → {}]", what, before, now))
        .recover(e -> {
          if (attempt >= ATTEMPTS) {
            LOG.error("could not register again after rejoining the cluster [what: {}, attempts: {}]: {}", what, attempt, e.toString());
            return Future.failedFuture(e);
          }
          LOG.warn("registering again after rejoining the cluster failed, trying again [what: {}, attempt: {}]: {}", what,
              attempt, e.toString());
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(RETRY_MS, t -> attempt(vertx, what, action, before, now, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }
}
