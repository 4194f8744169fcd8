package dev.switchboard.shared.presence;

import dev.switchboard.shared.MapNames;
import dev.switchboard.shared.cluster.HazelcastFutures;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import io.vertx.core.Promise;
import dev.switchboard.shared.events.Uuid7;
import dev.switchboard.shared.FailureCodes;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.ClusterRegroup;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Presence (docs/operations.md: a user is present in a room while at least one of their sockets is registered on the room's
 * address, on any node). The bridge calls {@link #joined} when a user's socket registers on a room and {@link #left}
 * when it unregisters or closes; the counts live in the Hazelcast map {@code sb.presence} (room → user → member →
 * sockets, one synchronous backup), changed by entry processors on the room's partition owner. When a user's first
 * socket in the room, cluster-wide, arrives, a {@code presence.join} event {@code {user}} is published into the room
 * through {@code sb.broadcast.publish}; when their last one goes, {@code presence.leave}.
 *
 * <p>When a member leaves the cluster, one node holding a {@code Presence} removes that member's sockets from every
 * room (a partition-local entry processor on each owner; idempotent, so the leave events go out once) as soon as
 * Hazelcast's failure detection declares it gone. Which one: the first to claim the departure in
 * {@code sb.presence.departures} — one small write per survivor, where each survivor running the partition-wide
 * clean-up itself cost one pass over every partition per survivor (docs/scale.md, "Node loss"). Only nodes with a
 * {@code Presence} claim, so the clean-up does not depend on which roles the oldest member runs. A member that was only cut off comes back, maybe under a new member
 * id ({@link ClusterRegroup}): whenever the cluster regroups it removes whatever is left under a former id and sets its
 * sockets again from the tally of its own sockets it keeps — the users that come back with it get {@code presence.join}.
 */
public final class Presence implements Shareable {

  public static final String MAP_NAME = MapNames.PRESENCE;
  public static final String JOIN = "presence.join";
  public static final String LEAVE = "presence.leave";
  private static final String LOCAL_MAP = "sb.node";
  private static final String KEY = "presence";
  private static final long PUBLISH_TIMEOUT_MS = 5_000;
  private static final int PUBLISH_ATTEMPTS = 4;
  private static final long RETRY_DELAY_MS = 500;
  /** How long a departure's claim is kept: long past any clean-up, short enough not to pile up. */
  private static final long CLAIM_TTL_MINUTES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, PresenceRoom> map;
  private final IMap<String, String> departures;
  private volatile String memberId;
  private final UUID departureWatch;
  private final ClusterRegroup.Registration regroupWatch;
  /** This node's sockets per room and user, as the bridge reported them; guarded by this. */
  private final Map<String, Map<String, Integer>> local = new HashMap<>();
  private final DeliveryOptions publishOptions = new DeliveryOptions().setSendTimeout(PUBLISH_TIMEOUT_MS);
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile Set<String> announcedKinds = Set.of();

  private Presence(Vertx vertx) {
    this.vertx = vertx;
    this.hazelcast = ClusterAccess.hazelcast(vertx);
    hazelcast.getConfig().addMapConfig(HazelcastSetup.protect(hazelcast, new MapConfig(MAP_NAME).setBackupCount(1)
        .setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.OBJECT)));
    this.map = hazelcast.getMap(MAP_NAME);
    hazelcast.getConfig().addMapConfig(HazelcastSetup.protect(hazelcast,
        new MapConfig(MapNames.PRESENCE_DEPARTURES).setBackupCount(1).setAsyncBackupCount(0)));
    this.departures = hazelcast.getMap(MapNames.PRESENCE_DEPARTURES);
    this.memberId = ClusterAccess.localMemberId(vertx);
    this.departureWatch = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        claimDeparture(event.getMember().getUuid().toString());
      }
    });
    this.regroupWatch = ClusterRegroup.watch(vertx, "presence", this::regrouped);
  }

  /** The presence of this node (one per Vert.x instance, made on first use; needs a Hazelcast-clustered Vert.x). */
  public static Presence of(Vertx vertx) {
    synchronized (Presence.class) {
      LocalMap<String, Presence> local = vertx.sharedData().getLocalMap(LOCAL_MAP);
      Presence presence = local.get(KEY);
      if (presence == null) {
        presence = new Presence(vertx);
        local.put(KEY, presence);
      }
      return presence;
    }
  }

  /** The room kinds whose rooms get {@code presence.join} / {@code presence.leave} events ({@code broadcaster.presenceEvents}). */
  public Presence announceIn(Set<String> roomKinds) {
    this.announcedKinds = Set.copyOf(roomKinds);
    return this;
  }

  /**
   * One more socket of {@code user} in {@code room} on this node. Completes once the count is stored and, when this was
   * the user's first socket in the room cluster-wide, once the {@code presence.join} publish has been answered (a
   * failed publish is logged, not failed: presence itself is recorded). Fails with 503 when the map cannot be reached.
   */
  public Future<Void> joined(String room, String user) {
    return set(room, user, tally(room, user, 1), memberId);
  }

  /** One socket fewer; {@code presence.leave} when it was the user's last in the room cluster-wide. */
  public Future<Void> left(String room, String user) {
    return set(room, user, tally(room, user, -1), memberId);
  }

  /** {@code sb.presence.get}: {@code {room}} → {@code {room, members: [{user, connections}]}}, sorted by user. */
  public Future<JsonObject> get(Object body) {
    if (!(body instanceof JsonObject json)) {
      return Future.failedFuture(BusErrors.invalid("the request must be a JSON object {room}"));
    }
    Object room = json.getValue("room");
    String problem = room instanceof String name ? RoomNames.problem(name) : "room must be a string, got " + BusErrors.show(room);
    if (problem != null) {
      return Future.failedFuture(BusErrors.invalid(problem));
    }
    return HazelcastFutures.of(vertx.getOrCreateContext(), map.getAsync((String) room))
        .recover(e -> Future.failedFuture(BusErrors.unavailable("presence is unavailable")))
        .map(value -> {
          JsonArray members = new JsonArray();
          if (value != null) {
            value.connections().forEach((user, n) -> members.add(new JsonObject().put("user", user).put("connections", n)));
          }
          return new JsonObject().put("room", room).put("members", members);
        });
  }

  /** Stops watching departures (the node is leaving). */
  public void close() {
    hazelcast.getCluster().removeMembershipListener(departureWatch);
    ClusterRegroup.stop(vertx, regroupWatch);
    vertx.sharedData().getLocalMap(LOCAL_MAP).remove(KEY, this);
  }

  /**
   * Stores how many sockets of {@code user} this node has in {@code room} — always the whole count from the tally, so
   * that a write repeated, or raced by a regrouping, cannot count a socket twice — and announces the user's arrival or
   * departure when this made one.
   */
  private Future<Void> set(String room, String user, int sockets, String asMember) {
    return HazelcastFutures.of(vertx.getOrCreateContext(),
            map.submitToKey(room, new PresenceSet(user, asMember, sockets)))
        .recover(e -> Future.failedFuture(BusErrors.unavailable("presence is unavailable")))
        .compose(transition -> transition > 0 ? announce(room, JOIN, user)
            : transition < 0 ? announce(room, LEAVE, user) : Future.succeededFuture());
  }

  /** Counts a socket of {@code user} in {@code room} on this node in (+1) or out (-1); answers the count now. */
  private synchronized int tally(String room, String user, int delta) {
    Map<String, Integer> users = local.computeIfAbsent(room, r -> new HashMap<>());
    int now = Math.max(0, users.getOrDefault(user, 0) + delta);
    if (now == 0) {
      users.remove(user);
    } else {
      users.put(user, now);
    }
    if (users.isEmpty()) {
      local.remove(room);
    }
    return now;
  }

  /** This node's sockets per room and user, as a copy. */
  private synchronized Map<String, Map<String, Integer>> tallies() {
    Map<String, Map<String, Integer>> copy = new HashMap<>();
    local.forEach((room, users) -> copy.put(room, Map.copyOf(users)));
    return copy;
  }

  /**
   * The cluster regrouped, this member now being {@code now}: what is left under a former id goes (no events: the
   * others announced those users' leaving when they dropped it), and this node's sockets are set again from its tally
   * (users that come back with it get {@code presence.join}).
   */
  private Future<Void> regrouped(String before, String now) {
    memberId = now;
    Future<Void> cleared = before.equals(now) ? Future.succeededFuture() : vertx.<Void>executeBlocking(() -> {
      map.executeOnEntries(new PresenceMemberGone(before));
      return null;
    }, false);
    return cleared.compose(v -> {
      List<Future<Void>> counted = new ArrayList<>();
      tallies().forEach((room, users) -> users.forEach((user, sockets) -> counted.add(set(room, user, sockets, now))));
      return Future.all(counted).mapEmpty();
    });
  }

  /** Clears the departed member's presence if this node is the first to claim the departure. */
  private void claimDeparture(String departed) {
    vertx.<String>executeBlocking(() -> departures.putIfAbsent(departed, memberId, CLAIM_TTL_MINUTES, TimeUnit.MINUTES),
        false).onSuccess(holder -> {
      if (holder == null) {
        memberGone(departed);
      }
    }).onFailure(e -> LOG.warn("could not claim the presence clean-up of a departed member [member: {}]: {}", departed,
        e.toString()));
  }

  private void memberGone(String departed) {
    vertx.<Map<String, ArrayList<String>>>executeBlocking(() -> map.executeOnEntries(new PresenceMemberGone(departed)), false)
        .onSuccess(gone -> gone.forEach((room, users) -> {
          if (users != null) {
            users.forEach(user -> announce(room, LEAVE, user));
          }
        }))
        .onFailure(e -> LOG.warn("could not clear the presence of a departed member [member: {}]: {}", departed, e.toString()));
  }

  /** Publishes {@code {user}} into the room as a server-side publisher (no user header). Never fails. */
  private Future<Void> announce(String room, String type, String user) {
    if (!announcedKinds.contains(RoomNames.kind(room))) {
      return Future.succeededFuture();
    }
    // one id for every attempt: a retry of a publish that did land is answered as a duplicate, not stored twice
    JsonObject body = new JsonObject().put("room", room).put("type", type).put("id", Uuid7.next())
        .put("data", new JsonObject().put("user", user));
    return publish(body, 1)
        .onFailure(e -> {
          String kind = String.valueOf(BusErrors.code(e));
          if (warned.add(kind)) {
            LOG.warn("presence event not published [room: {}, type: {}]: {} (logged once per failure code)", room, type,
                BusErrors.message(e));
          }
        })
        .otherwiseEmpty();
  }

  /**
   * Publishes, trying again on 503 (no broadcaster, or one that left the cluster a moment ago and still had the
   * request routed to it): a leave caused by a departure races exactly that departure.
   */
  private Future<Void> publish(JsonObject body, int attempt) {
    return vertx.eventBus().request(Addresses.BROADCAST_PUBLISH, body, publishOptions).<Void>mapEmpty()
        .recover(e -> {
          if (attempt >= PUBLISH_ATTEMPTS || BusErrors.code(e) != FailureCodes.UNAVAILABLE) {
            return Future.failedFuture(e);
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(RETRY_DELAY_MS * attempt, t -> publish(body, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }


  /** The members of a room as a list of {@code user → connections} (for tests and diagnostics). */
  public Future<List<Map.Entry<String, Integer>>> members(String room) {
    return HazelcastFutures.of(vertx.getOrCreateContext(), map.getAsync(room))
        .map(value -> value == null ? List.of() : List.copyOf(value.connections().entrySet()));
  }
}
