package dev.switchboard.loadgen;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code fanout}, {@code rooms} and {@code cross-node}: N subscribers, one publisher sending open loop, publish
 * {@code k} due at {@code start + k / rate} and carrying that intended time in its data; latency = receive time -
 * intended time. fanout: every subscriber on one room (the publisher probes it until each has seen a probe);
 * rooms: subscriber i on its own room, subscribed once its own probe came back, publishes round-robin; cross-node:
 * fanout with the publisher on another node's URL.
 */
final class StreamScenario implements Scenario {

  private static final long PROBE_EVERY_MS = 100;
  private static final long SETUP_TIMEOUT_MS = 30_000;

  private final LoadRun run;
  private final Options o;
  private final boolean fanout;
  private final int n;
  private final double rate;
  private final String sharedRoom;
  private final long total;
  private final long first;
  private final DeliveryLedger ledger;
  private final Latency latency = new Latency();
  private final Latency publisherLag = new Latency();
  private final LongAdder windowDeliveries = new LongAdder();
  private volatile boolean inWindow;
  private List<Arrivals.Arrival> arrivals = List.of();
  private List<Arrivals.Arrival> subscribers = List.of();
  private BridgeClient publisher;
  private int unprobed;
  private Long rssBaseKiB;
  private Long rssEndKiB;
  private Meter.Measured measured;
  private long drainMs;

  StreamScenario(LoadRun run) {
    this.run = run;
    this.o = run.options;
    this.fanout = o.fanoutLike();
    this.n = o.n();
    this.rate = o.effectiveRate();
    this.sharedRoom = "project:fanout-" + run.runId;
    this.total = (long) Math.ceil((o.warmup() + o.duration()) * rate);
    this.first = (long) Math.ceil(o.warmup() * rate);
    this.ledger = new DeliveryLedger(first, total, fanout ? 1 : n);
  }

  private String roomOf(long i) {
    return fanout ? sharedRoom : "project:rooms-" + run.runId + "-" + i;
  }

  @Override
  public Future<JsonObject> run() {
    run.log("connecting {} subscribers at {}/s to {}", n, o.connectRate(), o.url());
    return run.meter.serverRssKiB()
        .compose(rss -> {
          rssBaseKiB = rss;
          return Arrivals.establish(run, new Arrivals.Plan(n, this::roomOf, o.connectRate(), !fanout,
              (long) Math.max(SETUP_TIMEOUT_MS, o.timeout() * 1000), "setup", o.url()));
        })
        .compose(all -> {
          arrivals = all;
          subscribers = Arrivals.subscribed(all);
          publisher = run.client(0, o.publishUrl(), run.tokenFor(-1, null));
          return publisher.connect().recover(e -> Future.failedFuture("the publisher could not connect to "
              + o.publishUrl() + ": " + e.getMessage()));
        })
        .compose(v -> fanout && !subscribers.isEmpty() ? probeShared() : Future.succeededFuture(0))
        .compose(missing -> {
          unprobed = missing;
          run.stats.setupDone();
          run.log("{}/{} subscribed{}; publishing {}/s for {}+{} s", subscribers.size(), n,
              missing > 0 ? " (" + missing + " never saw the setup probe)" : "", Meter.round(rate, 3), o.warmup(),
              o.duration());
          listen();
          return publishAndMeasure();
        })
        .compose(v -> drain())
        .compose(v -> {
          List<BridgeClient> clients = new ArrayList<>();
          arrivals.forEach(a -> clients.add(a.client));
          clients.add(publisher);
          return run.closeAll(clients);
        })
        .map(v -> result());
  }

  /**
   * The publisher probes the shared room every 100 ms until every subscriber has seen a probe; completes with how many
   * never did.
   */
  private Future<Integer> probeShared() {
    String id = "shared:" + run.runId;
    AtomicInteger missing = new AtomicInteger(subscribers.size());
    for (Arrivals.Arrival a : subscribers) {
      a.client.context().runOnContext(v -> a.awaitProbe(id, missing::decrementAndGet));
    }
    Promise<Integer> done = Promise.promise();
    long deadline = Clock.nowUs() + SETUP_TIMEOUT_MS * 1000;
    publisher.context().runOnContext(v -> run.vertx.setPeriodic(1, PROBE_EVERY_MS, id2 -> {
      if (missing.get() <= 0 || Clock.nowUs() > deadline) {
        run.vertx.cancelTimer(id2);
        for (Arrivals.Arrival a : subscribers) {
          a.client.context().runOnContext(x -> a.cancelProbe());
        }
        done.complete(Math.max(0, missing.get()));
      } else {
        publisher.publish(sharedRoom, new JsonObject().put("probe", id));
      }
    }));
    return done.future();
  }

  /** Each subscriber's events go to its ledger account; first deliveries of measured publishes to the latency. */
  private void listen() {
    boolean[] live = new boolean[n];
    for (Arrivals.Arrival a : subscribers) {
      live[a.index] = true;
      DeliveryLedger.Account account = ledger.account(fanout ? 0 : a.index, Addresses.room(a.room));
      a.data = (client, frame) -> {
        if (frame.seq() < 0) {
          return;
        }
        long now = Clock.nowUs();
        if (inWindow) {
          windowDeliveries.increment();
        }
        if (account.receive(frame.seq(), frame.address()) == DeliveryLedger.Outcome.FIRST) {
          latency.recordUs(now - frame.t());
        }
      };
    }
    if (fanout) {
      ledger.expect((total - first) * subscribers.size());
    } else {
      for (long k = first; k < total; k++) {
        if (live[(int) (k % n)]) {
          ledger.expect(1);
        }
      }
    }
  }

  /** Publishes open loop while the measured window (after the warm-up) is metered. */
  private Future<Void> publishAndMeasure() {
    long startUs = Clock.nowUs() + 20_000;
    long windowStartUs = startUs + Math.round(o.warmup() * 1e6);
    long windowEndUs = windowStartUs + Math.round(o.duration() * 1e6);
    Future<Void> publishing = OpenLoop.run(publisher.context(), total, rate, startUs, (k, dueUs) -> {
      long now = Clock.nowUs();
      publisher.publishBench(roomOf(k % n), k, dueUs);
      if (k >= first) {
        publisherLag.recordUs(now - dueUs);
      }
    });
    Future<Void> window = run.delay((windowStartUs - Clock.nowUs()) / 1000)
        .compose(v -> run.meter.start(() -> inWindow = true))
        .compose(start -> run.delay((windowEndUs - Clock.nowUs()) / 1000)
            .compose(v -> run.meter.stop(start, () -> inWindow = false)))
        .compose(m -> {
          measured = m;
          return run.meter.serverRssKiB();
        })
        .map(rss -> {
          rssEndKiB = rss;
          return null;
        });
    return Future.all(publishing, window).mapEmpty();
  }

  /** Waits at most --drain seconds for late deliveries. */
  private Future<Void> drain() {
    long from = Clock.nowUs();
    return run.until(() -> ledger.delivered() + ledger.duplicates() >= ledger.expected(),
            Math.round(o.drain() * 1000), 20)
        .map(all -> {
          drainMs = (Clock.nowUs() - from) / 1000;
          return null;
        });
  }

  private JsonObject result() {
    long expected = ledger.expected();
    long lost = ledger.lost();
    long inWindowCount = windowDeliveries.sum();
    JsonObject server = new JsonObject().put("pid", o.serverPid()).put("cpuPct", measured.serverCpuPct())
        .put("systemCpuPct", measured.serverSystemPct())
        .put("cpuUsPerDelivery", measured.serverCpuUsPer(inWindowCount)).put("rssBaseKiB", rssBaseKiB)
        .put("rssKiB", rssEndKiB);
    if (o.memberPid() != null) {
      server.put("memberPid", o.memberPid()).put("memberCpuPct", measured.memberCpuPct())
          .put("memberCpuUsPerDelivery", measured.memberCpuUsPer(inWindowCount));
    }
    JsonObject lag = publisherLag.summaryMs();
    return new JsonObject()
        .put("scenario", o.scenario().wireName())
        .put("rooms", fanout ? 1 : n)
        .put("subscribers", subscribers.size())
        .put("connectFailures", n - subscribers.size())
        .put("connectFailureReasons", Arrivals.failureReasons(arrivals))
        .put("unprobed", unprobed)
        .put("publishRate", Meter.round(rate, 3))
        .put("targetDeliveriesPerSec", Meter.round(rate * (fanout ? subscribers.size() : 1), 1))
        .put("published", total)
        .put("measuredPublishes", total - first)
        .put("expected", expected)
        .put("delivered", ledger.delivered())
        .put("lost", lost)
        .put("lossPct", expected == 0 ? null : Meter.round(100.0 * lost / expected, 4))
        .put("duplicates", ledger.duplicates())
        .put("misrouted", ledger.misrouted())
        .put("deliveredPerSec", Meter.round(inWindowCount / measured.seconds(), 1))
        .put("drainMs", drainMs)
        .put("latencyMs", latency.summaryMs())
        .put("publisherLagMs", new JsonObject().put("p99", lag.getValue("p99")).put("max", lag.getValue("max")))
        .put("server", server)
        .put("generator", run.meter.generatorHealth(measured))
        .put("measuredSeconds", Meter.round(measured.seconds(), 3));
  }
}
