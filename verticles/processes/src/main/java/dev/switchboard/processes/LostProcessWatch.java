package dev.switchboard.processes;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * When a member leaves the cluster, the oldest member marks the processes of the departed node lost and publishes
 * {@code process.lost} for each (their children are gone with the node: see {@link ProcessLauncher}).
 */
final class LostProcessWatch {

  private static final Logger LOG = LoggerFactory.getLogger(LostProcessWatch.class);

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final HazelcastProcessRegistry registry;
  private final LifecycleEvents events;
  private UUID registration;

  LostProcessWatch(Context context, HazelcastInstance hazelcast, HazelcastProcessRegistry registry,
                   LifecycleEvents events) {
    this.context = context;
    this.hazelcast = hazelcast;
    this.registry = registry;
    this.events = events;
  }

  void start() {
    registration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        if (isOldest()) {
          markLost(event.getMember().getUuid().toString());
        }
      }
    });
  }

  void stop() {
    if (registration != null) {
      try {
        hazelcast.getCluster().removeMembershipListener(registration);
      } catch (RuntimeException e) {
        LOG.debug("membership listener not removed (the cluster is gone): {}", e.toString());
      }
    }
  }

  private void markLost(String memberId) {
    context.executeBlocking(() -> registry.markLost(memberId), false)
        .onSuccess(lost -> lost.forEach(record -> events.publish(ProcessEventTypes.ROOM_PROCESSES,
            ProcessEventTypes.LOST, ProcessSupervisor.eventData(record))))
        .onFailure(e -> LOG.warn("could not mark the processes of a departed member lost [member: {}]: {}", memberId,
            e.toString()));
  }

  private boolean isOldest() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }
}
