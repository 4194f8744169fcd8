package dev.switchboard.shared.cluster.rooms;

import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's subscriptions to rooms. Each subscription is a local consumer on {@code room.<room>} (never
 * cluster-wide); the node is listed in the directory while it has at least one. Directory changes are
 * coalesced over {@link #COALESCE_MS} and written in one batch per direction, so a connection storm costs
 * a few directory writes, not one per socket.
 */
final class RoomSubscriptions {

  static final long COALESCE_MS = 5;
  private static final long RETRY_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(RoomSubscriptions.class);

  private final Vertx vertx;
  private final String node;
  private final RoomDirectory directory;
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private Promise<Void> nextFlush;
  private boolean flushing;

  RoomSubscriptions(Vertx vertx, String node, RoomDirectory directory) {
    this.vertx = vertx;
    this.node = node;
    this.directory = directory;
  }

  /** Subscribes; the future completes once the directory lists this node for the room. */
  Future<RoomSubscription> subscribe(String room, Handler<RoomEvent> handler) {
    MessageConsumer<RoomEvent> consumer = vertx.eventBus().localConsumer(Addresses.room(room),
        message -> handler.handle(message.body()));
    boolean first = counts.merge(room, 1, Integer::sum) == 1;
    Future<Void> listed = first ? changed(room) : Future.succeededFuture();
    Subscription subscription = new Subscription(room, consumer);
    return consumer.completion().compose(v -> listed).map(v -> subscription);
  }

  /** Rooms with at least one local subscriber on this node. */
  int roomCount() {
    return counts.size();
  }

  /**
   * Lists this node again for every room it has subscribers of: after the cluster regrouped (the others may have
   * removed it from the directory when they declared it gone).
   */
  Future<Void> relist() {
    return directory.add(Set.copyOf(counts.keySet()), node);
  }

  private Future<Void> unsubscribe(String room, MessageConsumer<RoomEvent> consumer) {
    boolean last = counts.computeIfPresent(room, (r, n) -> n == 1 ? null : n - 1) == null;
    Future<Void> unregistered = consumer.unregister();
    return last ? unregistered.compose(v -> changed(room)) : unregistered;
  }

  private synchronized Future<Void> changed(String room) {
    dirty.add(room);
    if (nextFlush == null) {
      nextFlush = Promise.promise();
      if (!flushing) {
        vertx.setTimer(COALESCE_MS, t -> flush());
      }
    }
    return nextFlush.future();
  }

  private void flush() {
    Promise<Void> done;
    Set<String> adds = new HashSet<>();
    Set<String> removes = new HashSet<>();
    synchronized (this) {
      done = nextFlush;
      nextFlush = null;
      flushing = true;
      for (String room : dirty) {
        (counts.containsKey(room) ? adds : removes).add(room);
      }
      dirty.clear();
    }
    Future.all(directory.add(adds, node), directory.remove(removes, node)).onComplete(result -> {
      synchronized (this) {
        flushing = false;
        if (result.failed()) {
          LOG.warn("room directory update failed, retrying [rooms: {}]: {}", adds.size() + removes.size(),
              result.cause().toString());
          dirty.addAll(adds);
          dirty.addAll(removes);
          if (nextFlush == null) {
            nextFlush = done;
          } else {
            nextFlush.future().onComplete(done);
          }
          vertx.setTimer(RETRY_MS, t -> flush());
          return;
        }
        if (nextFlush != null) {
          vertx.setTimer(COALESCE_MS, t -> flush());
        }
      }
      done.complete();
    });
  }

  private final class Subscription implements RoomSubscription {
    private final String room;
    private final MessageConsumer<RoomEvent> consumer;
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscription(String room, MessageConsumer<RoomEvent> consumer) {
      this.room = room;
      this.consumer = consumer;
    }

    @Override
    public String room() {
      return room;
    }

    @Override
    public Future<Void> close() {
      return closed.compareAndSet(false, true) ? unsubscribe(room, consumer) : Future.succeededFuture();
    }
  }
}
