package dev.switchboard.shared.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A member that was cut off long enough (a pause, a partition) is declared gone by the others, which then clear what
 * it had registered — its member-directory entry, its rooms in the room directory, its sockets' presence, its
 * processes. When the cut heals, Hazelcast merges the smaller side into the larger one (split-brain merge); a merging
 * member comes back under a new member id, and which side merges into which is Hazelcast's choice (sides of one
 * member each merge in any order). So whenever the cluster regroups — this member merged back, or another member
 * joined — each holder of such state registers its own again, in an idempotent way: this class tells it when. Vert.x
 * itself puts back the node's event-bus consumers (its inbox and service addresses).
 *
 * <p>The action runs on the context that registered it, {@link #SETTLE_MS} after the regrouping (several regroupings
 * in that time make one run), with the member id before and now; a failed action is tried again a few times, a second
 * apart.
 */
public final class ClusterRegroup {

  /** What to register again, as the member now called {@code memberId} (formerly {@code previousMemberId}, maybe the same). */
  @FunctionalInterface
  public interface Action {
    Future<Void> regrouped(String previousMemberId, String memberId);
  }

  /** What {@link #stop} takes back. */
  public record Registration(UUID lifecycle, UUID membership) {
  }

  static final long SETTLE_MS = 1_000;
  static final int ATTEMPTS = 5;
  static final long RETRY_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRegroup.class);

  private ClusterRegroup() {
  }

  /** Runs {@code action} after every regrouping of the cluster this member takes part in. */
  public static Registration watch(Vertx vertx, String what, Action action) {
    HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
    Context context = vertx.getOrCreateContext();
    AtomicReference<String> known = new AtomicReference<>(ClusterAccess.localMemberId(vertx));
    AtomicBoolean pending = new AtomicBoolean();
    Runnable regrouped = () -> {
      if (pending.compareAndSet(false, true)) {
        context.runOnContext(v -> vertx.setTimer(SETTLE_MS, t -> {
          pending.set(false);
          String now = ClusterAccess.localMemberId(vertx);
          attempt(vertx, what, action, known.getAndSet(now), now, 1);
        }));
      }
    };
    UUID lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        regrouped.run();
      }
    });
    UUID membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        regrouped.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    });
    return new Registration(lifecycle, membership);
  }

  public static void stop(Vertx vertx, Registration registration) {
    try {
      HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
      hazelcast.getLifecycleService().removeLifecycleListener(registration.lifecycle());
      hazelcast.getCluster().removeMembershipListener(registration.membership());
    } catch (RuntimeException e) {
      LOG.debug("regroup watch not removed (the cluster is gone): {}", e.toString());
    }
  }

  private static Future<Void> attempt(Vertx vertx, String what, Action action, String before, String now, int attempt) {
    Future<Void> done;
    try {
      done = action.regrouped(before, now);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done
        .onSuccess(v -> LOG.info("registered again after the cluster regrouped [what: {}, member: {}{}]", what, now,
            now.equals(before) ? "" : ", formerly " + before))
        .recover(e -> {
          if (attempt >= ATTEMPTS) {
            LOG.error("could not register again after the cluster regrouped [what: {}, attempts: {}]: {}", what, attempt,
                e.toString());
            return Future.failedFuture(e);
          }
          LOG.warn("registering again after the cluster regrouped failed, trying again [what: {}, attempt: {}]: {}", what,
              attempt, e.toString());
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(RETRY_MS, t -> attempt(vertx, what, action, before, now, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }
}
