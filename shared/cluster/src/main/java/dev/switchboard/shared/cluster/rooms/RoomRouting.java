package dev.switchboard.shared.cluster.rooms;

import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomEventCodec;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.LocalJsonCodec;
import dev.switchboard.shared.cluster.ClusterRegroup;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.List;

/**
 * Room routing on one node (docs/architecture.md, "Room routing"): the node's inbox, its subscriptions and the
 * directory. Installed once per node by the node itself; verticles reach it with {@link #of(Vertx)}.
 *
 * <p>Delivering an event of room R looks R up in the directory and sends the event once to each listed
 * node's inbox — to this node without leaving it — where it is published locally on {@code room.R}.
 * Code inside the cluster subscribes with {@link #subscribe}, never with {@code eventBus().consumer("room.R")}.
 */
public final class RoomRouting implements Shareable {

  private static final String LOCAL_MAP = "sb.node";
  private static final String KEY = "rooms";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String node;
  private final RoomDirectory directory;
  private final RoomSubscriptions subscriptions;
  private MessageConsumer<Object> inbox;
  private ClusterRegroup.Registration regroupWatch;

  private RoomRouting(Vertx vertx, String node, RoomDirectory directory) {
    this.vertx = vertx;
    this.node = node;
    this.directory = directory;
    this.subscriptions = new RoomSubscriptions(vertx, node, directory);
  }

  /** Registers the codec and the node's inbox, and makes the routing reachable through {@link #of}. */
  public static Future<RoomRouting> install(Vertx vertx, String node) {
    RoomEventCodec.register(vertx);
    LocalJsonCodec.register(vertx);
    return RoomDirectory.open(vertx).compose(directory -> install(vertx, node, directory));
  }

  private static Future<RoomRouting> install(Vertx vertx, String node, RoomDirectory directory) {
    RoomRouting routing = new RoomRouting(vertx, node, directory);
    routing.inbox = vertx.eventBus().consumer(Addresses.nodeInbox(node), routing::fromInbox);
    routing.regroupWatch = ClusterRegroup.watch(vertx, "room directory", (before, now) -> routing.subscriptions.relist());
    LocalMap<String, RoomRouting> local = vertx.sharedData().getLocalMap(LOCAL_MAP);
    local.put(KEY, routing);
    return routing.inbox.completion().map(routing);
  }

  /** The routing of this node; fails when the node has not installed it. */
  public static RoomRouting of(Vertx vertx) {
    LocalMap<String, RoomRouting> local = vertx.sharedData().getLocalMap(LOCAL_MAP);
    RoomRouting routing = local.get(KEY);
    if (routing == null) {
      throw new IllegalStateException("room routing is not installed on this node");
    }
    return routing;
  }

  public String node() {
    return node;
  }

  public RoomDirectory directory() {
    return directory;
  }

  /** Subscribes to a room on this node; completes once the directory lists the node for it. */
  public Future<RoomSubscription> subscribe(String room, Handler<RoomEvent> handler) {
    return subscriptions.subscribe(room, handler);
  }

  /** Rooms with local subscribers on this node. */
  public int localRoomCount() {
    return subscriptions.roomCount();
  }

  /** Sends the event to every node holding subscribers of its room; completes with how many nodes it went to. */
  public Future<Integer> deliver(RoomEvent event) {
    return directory.nodesOf(event.room()).map(nodes -> send(event, nodes));
  }

  /** Forgets a node that left the cluster: it no longer holds any room. */
  public Future<Void> forgetNode(String departed) {
    return directory.removeNode(departed);
  }

  public Future<Void> uninstall() {
    if (regroupWatch != null) {
      ClusterRegroup.stop(vertx, regroupWatch);
    }
    Future<Void> unregistered = inbox == null ? Future.succeededFuture() : inbox.unregister();
    return unregistered.eventually(directory::close);
  }

  private int send(RoomEvent event, List<String> nodes) {
    EventBus bus = vertx.eventBus();
    for (String target : nodes) {
      if (target.equals(node)) {
        bus.publish(Addresses.room(event.room()), event, LOCAL);
      } else {
        bus.send(Addresses.nodeInbox(target), event);
      }
    }
    return nodes.size();
  }

  private void fromInbox(Message<Object> message) {
    if (message.body() instanceof RoomEvent event) {
      vertx.eventBus().publish(Addresses.room(event.room()), event, LOCAL);
    } else if (message.replyAddress() != null) {
      message.fail(dev.switchboard.shared.FailureCodes.INVALID, "{\"error\":\"invalid\",\"message\":\"a node inbox takes room events\"}");
    }
  }
}
