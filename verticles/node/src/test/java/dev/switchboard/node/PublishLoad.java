package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes at a steady rate into a set of rooms through bridge sockets on several nodes, each event with its own id.
 * A publish that fails — an err, no answer within {@link #ATTEMPT_TIMEOUT_MS}, its socket gone — is sent again through
 * the next node with the SAME id (publishes are idempotent by id), after a pause that grows with the attempts up to a
 * second, until it is acknowledged, so whatever was
 * acknowledged is the test's to check. A socket that closes is opened again once its node answers.
 */
final class PublishLoad {

  record Ack(String room, long offset, String epoch) {
  }

  static final long ATTEMPT_TIMEOUT_MS = 5_000;
  /** At most this many events in flight: a cluster slower than the rate gets fewer events, not a growing pile of retries. */
  static final int MAX_IN_FLIGHT = 200;
  private static final long RETRY_MS = 100;
  private static final long RECONNECT_MS = 500;
  private static final Logger LOG = LoggerFactory.getLogger(PublishLoad.class);

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String token;
  private final List<Integer> ports;
  private final List<String> rooms;
  private final int perSecond;
  private final String prefix;
  private final List<BridgeLink> links = new CopyOnWriteArrayList<>();
  private final Map<String, Ack> acked = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private long offered;
  private int skipped;
  private long started;
  private long ticker = -1;
  private long reconnector = -1;
  private int ackedAtLastReport;

  PublishLoad(Vertx vertx, WebSocketClient client, String token, List<Integer> ports, List<String> rooms, int perSecond,
              String prefix) {
    this.vertx = vertx;
    this.client = client;
    this.token = token;
    this.ports = List.copyOf(ports);
    this.rooms = List.copyOf(rooms);
    this.perSecond = perSecond;
    this.prefix = prefix;
  }

  /** Opens a socket to every node, then publishes {@code perSecond} events a second until {@link #stop()}. */
  Future<Void> start() {
    List<Future<BridgeLink>> opened = ports.stream().map(port -> BridgeLink.open(vertx, client, port, token)).toList();
    return Future.all(opened).map(all -> {
      opened.forEach(f -> links.add(f.result()));
      started = System.nanoTime();
      ticker = vertx.setPeriodic(10, t -> tick());
      reconnector = vertx.setPeriodic(RECONNECT_MS, t -> reopenClosedLinks());
      return null;
    });
  }

  /** Publishes one event now (besides the steady rate): the future completes with its acknowledgement. */
  Future<Ack> publishOne(String room) {
    String id = prefix + "-" + issued.incrementAndGet();
    Promise<Ack> done = Promise.promise();
    vertx.runOnContext(v -> publish(id, room, 1, 0, done));
    return done.future();
  }

  /** Stops issuing new events; those in flight go on until acknowledged. */
  void stop() {
    vertx.cancelTimer(ticker);
  }

  /** Waits until {@code count} publishes have been acknowledged; fails with what became of the others after {@code timeout}. */
  void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
    try {
      Poll.until(count + " publishes acknowledged", timeout, () -> acked.size() >= count);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (acknowledged " + acked.size() + " of " + issued.get() + ", not offered "
          + skipped() + ", failed attempts " + failures + ")", e);
    }
  }

  /**
   * Waits until the load is carried: at least {@code fraction} of the offered rate acknowledged over the last
   * {@code window} (a fresh cluster's JVMs warm up first); fails with the best rate seen after {@code timeout}.
   */
  void awaitCarried(double fraction, Duration window, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ArrayDeque<long[]> samples = new ArrayDeque<>();
    double best = 0;
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      samples.addLast(new long[] {now, acked.size()});
      while (now - samples.peekFirst()[0] > window.toNanos()) {
        samples.removeFirst();
      }
      long[] first = samples.peekFirst();
      double seconds = (now - first[0]) / 1e9;
      if (seconds >= window.toMillis() / 1000.0 * 0.9) {
        double rate = (acked.size() - first[1]) / seconds;
        best = Math.max(best, rate);
        if (rate >= fraction * perSecond) {
          LOG.info("load carried [{}/s acknowledged over the last {} s, {}/s offered]", Math.round(rate),
              String.format("%.1f", seconds), perSecond);
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the cluster did not carry " + Math.round(fraction * perSecond) + " of " + perSecond
        + " events/s over " + window.toSeconds() + " s within " + timeout.toSeconds() + " s; best " + Math.round(best) + "/s");
  }

  /** Waits until no publish is in flight any more; fails naming them after {@code timeout}. */
  void awaitSettled(Duration timeout) throws InterruptedException {
    Poll.until("publishes in flight to be acknowledged (" + inFlight.size() + " left: "
        + inFlight.stream().limit(5).toList() + ")", timeout, inFlight::isEmpty);
  }

  void close() {
    vertx.cancelTimer(ticker);
    vertx.cancelTimer(reconnector);

    links.forEach(BridgeLink::close);
  }

  /** Every acknowledged publish: id → room, offset, epoch. */
  Map<String, Ack> acknowledged() {
    return acked;
  }

  int issued() {
    return issued.get();
  }

  /** Failed attempts (each then retried with the same id), by reason. */
  Map<String, Integer> failedAttempts() {
    return Map.copyOf(failures);
  }

  /** Events that were due while {@link #MAX_IN_FLIGHT} were in flight, and so were never published. */
  synchronized int skipped() {
    return skipped;
  }

  private synchronized void tick() {
    long due = (System.nanoTime() - started) / 1_000_000 * perSecond / 1000;
    for (; offered < due; offered++) {
      if (inFlight.size() >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      int n = issued.incrementAndGet();
      publish(prefix + "-" + n, rooms.get(n % rooms.size()), 1, n, null);
    }
  }

  private void publish(String id, String room, int attempt, int linkHint, Promise<Ack> done) {
    inFlight.add(id);
    BridgeLink link = openLink(linkHint);
    if (link == null) {
      failures.merge("no open socket", 1, Integer::sum);
      vertx.setTimer(RETRY_MS, t -> publish(id, room, attempt + 1, linkHint + 1, done));
      return;
    }
    JsonObject body = new JsonObject().put("type", "t").put("id", id).put("data", new JsonObject().put("id", id));
    link.request("room." + room, body, ATTEMPT_TIMEOUT_MS)
        .onSuccess(reply -> {
          Ack ack = new Ack(room, reply.getLong("offset"), reply.getString("epoch"));
          acked.put(id, ack);
          inFlight.remove(id);
          if (done != null) {
            done.complete(ack);
          }
        })
        .onFailure(e -> {
          failures.merge(reason(e), 1, Integer::sum);
          LOG.debug("publish failed, retrying with the same id [id: {}, attempt: {}]: {}", id, attempt, e.getMessage());
          vertx.setTimer(RETRY_MS * Math.min(attempt, 10), t -> publish(id, room, attempt + 1, linkHint + 1, done));
        });
  }

  /** What the load achieved since the last call: acknowledged, in flight, never offered so far, failed attempts so far. */
  synchronized String progress() {
    int now = acked.size();
    String line = "acknowledged " + (now - ackedAtLastReport) + ", in flight " + inFlight.size() + ", not offered so far "
        + skipped + ", failed attempts so far " + failures;
    ackedAtLastReport = now;
    return line;
  }

  private BridgeLink openLink(int hint) {
    for (int i = 0; i < links.size(); i++) {
      BridgeLink link = links.get(Math.floorMod(hint + i, links.size()));
      if (link.isOpen()) {
        return link;
      }
    }
    return null;
  }

  private void reopenClosedLinks() {
    for (int i = 0; i < links.size(); i++) {
      BridgeLink link = links.get(i);
      int index = i;
      if (!link.isOpen()) {
        BridgeLink.open(vertx, client, link.port(), token).onSuccess(fresh -> links.set(index, fresh));
      }
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof BridgeLink.Refused refused) {
      return "err " + refused.code;
    }
    String message = String.valueOf(e.getMessage());
    return message.startsWith("no answer") ? "no answer in time" : message.contains("closed") ? "socket closed" : message;
  }
}
