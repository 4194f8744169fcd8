package dev.switchboard.bridge.fanout;

import dev.switchboard.shared.cluster.rooms.RoomRouting;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rooms this bridge has sockets in. The first socket of a room subscribes the node to it through room
 * routing (one local consumer, one directory entry); the last one to leave ends that subscription.
 */
public final class RoomFanouts {

  private static final Logger LOG = LoggerFactory.getLogger(RoomFanouts.class);

  private final Vertx vertx;
  private final DeliveryStats stats;
  private final HistoryReader history;
  private final Map<String, RoomFanout> rooms = new HashMap<>();

  public RoomFanouts(Vertx vertx, DeliveryStats stats, HistoryReader history) {
    this.vertx = vertx;
    this.stats = stats;
    this.history = history;
  }

  /**
   * Adds a target to a room, receiving only {@code types} (null: all); with {@code resume}, what it missed since
   * then comes first. Completes when the node is subscribed to the room.
   */
  public Future<Void> join(String room, FanoutTarget target, Set<String> types, Resume resume) {
    RoomFanout fanout = rooms.computeIfAbsent(room, r -> {
      RoomFanout[] created = new RoomFanout[1];
      Future<RoomSubscription> subscription = RoomRouting.of(vertx).subscribe(r, event -> created[0].receive(event));
      created[0] = new RoomFanout(r, subscription, stats, history, vertx);
      return created[0];
    });
    fanout.add(new Subscriber(target, types), resume);
    return fanout.subscription().mapEmpty();
  }

  public void leave(String room, FanoutTarget target) {
    RoomFanout fanout = rooms.get(room);
    if (fanout == null) {
      return;
    }
    fanout.remove(target);
    if (fanout.isEmpty()) {
      rooms.remove(room);
      fanout.subscription()
          .compose(RoomSubscription::close)
          .onFailure(e -> LOG.warn("leaving room failed [room: {}]: {}", room, e.toString()));
    }
  }

  public int roomCount() {
    return rooms.size();
  }

  /** This bridge's busiest rooms, most sockets first: {@code [{room, sockets}]}, at most {@code max}. */
  public JsonArray socketCounts(int max) {
    return new JsonArray(rooms.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, RoomFanout> e) -> e.getValue().size()).reversed()
            .thenComparing(Map.Entry::getKey))
        .limit(max)
        .map(e -> new JsonObject().put("room", e.getKey()).put("sockets", e.getValue().size()))
        .toList());
  }

  /** Sockets registered on a room on this bridge. */
  public int socketsIn(String room) {
    RoomFanout fanout = rooms.get(room);
    return fanout == null ? 0 : fanout.size();
  }
}
