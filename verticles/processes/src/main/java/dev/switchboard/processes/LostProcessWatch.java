package dev.switchboard.processes;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.shared.processes.ProcessRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * When a member leaves the cluster, the oldest member marks the processes of the departed node lost and publishes
 * {@code process.lost} for each (their children are gone with the node: see {@link ProcessLauncher}). Those whose
 * restart policy says {@code anyNode} are handed to {@code relaunch}: the oldest member runs them again itself.
 */
final class LostProcessWatch {

  private static final Logger LOG = LoggerFactory.getLogger(LostProcessWatch.class);

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final HazelcastProcessRegistry registry;
  private final LifecycleEvents events;
  private final BiConsumer<ProcessRecord, JsonObject> relaunch;
  private UUID registration;

  LostProcessWatch(Context context, HazelcastInstance hazelcast, HazelcastProcessRegistry registry,
                   LifecycleEvents events, BiConsumer<ProcessRecord, JsonObject> relaunch) {
    this.relaunch = relaunch;
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
        .onSuccess(lost -> lost.forEach(one -> {
          events.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.LOST, ProcessSupervisor.eventData(one.record()));
          if (one.relaunch() != null) {
            relaunch.accept(one.record(), one.relaunch());
          }
        }))
        .onFailure(e -> LOG.warn("could not mark the processes of a departed member lost [member: {}]: {}", memberId,
            e.toString()));
  }

  private boolean isOldest() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }
}
