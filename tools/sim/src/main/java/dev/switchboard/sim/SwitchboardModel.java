package dev.switchboard.sim;

import dev.switchboard.shared.Role;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.MemberDirectory;
import dev.switchboard.shared.cluster.MemberInfo;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import dev.switchboard.shared.presence.Presence;
import dev.switchboard.shared.rooms.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Switchboard's model, with its own code: each member installs {@link RoomRouting} (its inbox, the room directory and
 * its cache), joins the {@link MemberDirectory} and watches departures the way a node does (the oldest member forgets a
 * departed node's rooms), and keeps {@link Presence}. A socket registering on a room is what the bridge does: presence
 * counts it, and the member's first socket in the room opens the member's one routing subscription (RoomFanouts); the
 * subscription fans each event out to the member's sockets locally. A publish is the broadcaster's delivery,
 * {@link RoomRouting#deliver} (the history append before it is not part of routing and is not counted).
 */
final class SwitchboardModel implements RoutingModel {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardModel.class);

  private final AtomicInteger cleared = new AtomicInteger();
  private volatile long clearedAtNanos;

  @Override
  public int departuresCleared() {
    return cleared.get();
  }

  @Override
  public long lastClearedNanos() {
    return clearedAtNanos;
  }

  @Override
  public String name() {
    return "switchboard";
  }

  @Override
  public Future<Node> start(SimMember member, LongAdder deliveries) {
    return member.on(() -> RoomRouting.install(member.vertx(), member.name()).compose(routing -> {
      MemberDirectory directory = new MemberDirectory(member.vertx());
      UUID watch = directory.watchDepartures(gone -> routing.forgetNode(gone)
          .onSuccess(v -> {
            clearedAtNanos = System.nanoTime();
            cleared.incrementAndGet();
          })
          .onFailure(e -> LOG.warn("could not clear the rooms of a departed node [node: {}]: {}", gone, e.toString())));
      Presence presence = Presence.of(member.vertx()).announceIn(Set.of());
      MemberInfo self = new MemberInfo(member.name(), ClusterAccess.localMemberId(member.vertx()),
          List.of(Role.BRIDGE.word(), Role.BROADCASTER.word()), 0, 0);
      return directory.join(self).map(v -> new SwitchboardNode(member, routing, presence, directory, watch, deliveries));
    }));
  }

  private static final class SwitchboardNode implements Node {
    private final SimMember member;
    private final RoomRouting routing;
    private final Presence presence;
    private final MemberDirectory directory;
    private final UUID departureWatch;
    private final LongAdder deliveries;
    /** The member's sockets per room and the room's routing subscription; touched on the member's event loop only. */
    private final Map<String, LocalRoom> rooms = new HashMap<>();

    SwitchboardNode(SimMember member, RoomRouting routing, Presence presence, MemberDirectory directory, UUID departureWatch,
                    LongAdder deliveries) {
      this.member = member;
      this.routing = routing;
      this.presence = presence;
      this.directory = directory;
      this.departureWatch = departureWatch;
      this.deliveries = deliveries;
    }

    @Override
    public Future<Registration> register(String user, String room) {
      return member.on(() -> {
        LocalRoom local = rooms.computeIfAbsent(room, r -> new LocalRoom());
        local.sockets++;
        if (local.subscription == null) {
          local.subscription = routing.subscribe(room, event -> deliveries.add(local.sockets));
        }
        return Future.all(local.subscription, presence.joined(room, user))
            .map(v -> (Registration) () -> unregister(user, room));
      });
    }

    private Future<Void> unregister(String user, String room) {
      return member.on(() -> {
        LocalRoom local = rooms.get(room);
        local.sockets--;
        Future<Void> closed = Future.succeededFuture();
        if (local.sockets == 0) {
          rooms.remove(room);
          closed = local.subscription.compose(RoomSubscription::close);
        }
        return Future.all(closed, presence.left(room, user)).mapEmpty();
      });
    }

    @Override
    public Future<Void> publish(String room, long offset, Buffer envelope) {
      return member.on(() -> routing.deliver(new RoomEvent(room, offset, "sim", "sim.event", System.currentTimeMillis(),
          envelope)).mapEmpty());
    }

    @Override
    public Future<Void> stop() {
      return member.on(() -> {
        directory.stopWatching(departureWatch);
        presence.close();
        return directory.leave(member.name()).eventually(routing::uninstall);
      });
    }
  }

  private static final class LocalRoom {
    int sockets;
    Future<RoomSubscription> subscription;
  }
}
