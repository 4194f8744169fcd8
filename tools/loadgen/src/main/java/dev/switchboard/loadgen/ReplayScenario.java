package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code replay}: a seeder fills one room with R + 20 events; then clients reconnect open loop at --rate/s for
 * --warmup + --duration s, each registering with {@code {since: newest - R, epoch}} and counting the R replayed
 * events (in offset order, no gap, no duplicate). Measured: register to the R-th event (the server's replay), and
 * intended arrival to the R-th event (connect included). Each client closes once it has its events.
 */
final class ReplayScenario implements Scenario {

  private static final int EXTRA = 20;
  private static final double SEED_RATE = 200;

  private final LoadRun run;
  private final Options o;
  private final double rate;
  private final String room;
  private final int replayCount;
  private final Latency registerToReplayed = new Latency();
  private final Latency arrivalToReplayed = new Latency();
  private final Latency connect = new Latency();
  private final LongAdder completed = new LongAdder();
  private final LongAdder outOfOrder = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private BridgeClient seeder;
  private long newestOffset;
  private String epoch;
  private long total;
  private long first;
  private Meter.Measured measured;

  ReplayScenario(LoadRun run) {
    this.run = run;
    this.o = run.options;
    this.rate = o.effectiveRate();
    this.room = "project:replay-" + run.runId;
    this.replayCount = o.replayCount();
  }

  @Override
  public Future<JsonObject> run() {
    return seed()
        .compose(v -> {
          run.stats.setupDone();
          total = (long) Math.ceil((o.warmup() + o.duration()) * rate);
          first = (long) Math.ceil(o.warmup() * rate);
          run.log("room {} holds offsets up to {} (epoch {}); {} reconnects at {}/s asking for the last {}", room,
              newestOffset, epoch, total, rate, replayCount);
          return reconnects();
        })
        .compose(v -> seeder.close())
        .map(v -> result());
  }

  /** The seeder registers on the room, publishes R + 20 events at 200/s and waits until it has them all back. */
  private Future<Void> seed() {
    int backlog = replayCount + EXTRA;
    seeder = run.client(0, o.url(), run.tokenFor(-1, room));
    AtomicInteger back = new AtomicInteger();
    BridgeFrame[] newest = new BridgeFrame[1];
    seeder.listener((client, frame) -> {
      if (frame.seq() >= 0) {
        if (newest[0] == null || frame.offset() > newest[0].offset()) {
          newest[0] = frame;
        }
        back.incrementAndGet();
      }
    });
    run.log("seeding {} with {} events", room, backlog);
    return seeder.connect()
        .compose(v -> {
          seeder.context().runOnContext(x -> seeder.register(room, null));
          // a moment for the register to reach the room's directory before the first publish
          return run.delay(100);
        })
        .compose(v -> OpenLoop.run(seeder.context(), backlog, SEED_RATE, Clock.nowUs(),
            (k, dueUs) -> seeder.publishBench(room, k, dueUs)))
        .compose(v -> run.until(() -> back.get() >= backlog, 30_000, 20))
        .compose(all -> {
          if (!all) {
            return Future.failedFuture("the seeder got " + back.get() + " of its " + backlog + " events back in 30 s"
                + " (err frames: " + run.stats.errors().encode() + ")");
          }
          JsonObject event = newest[0].body();
          newestOffset = event.getLong("offset");
          epoch = event.getString("epoch");
          if (newestOffset < replayCount) {
            return Future.failedFuture("room " + room + " has only " + newestOffset + " events");
          }
          return Future.succeededFuture();
        });
  }

  /** The reconnects, open loop; the window covers the measured ones until the last is done. */
  private Future<Void> reconnects() {
    String[] tokens = new String[(int) total];
    for (int i = 0; i < total; i++) {
      tokens[i] = run.tokenFor(i, room);
    }
    Promise<Void> allDone = Promise.promise();
    AtomicInteger done = new AtomicInteger();
    Runnable onDone = () -> {
      if (done.incrementAndGet() == total) {
        allDone.complete();
      }
    };
    long startUs = Clock.nowUs() + 20_000;
    long windowStartUs = startUs + Math.round(first * 1e6 / rate);
    Future<Meter.Snapshot> window = run.delay((windowStartUs - Clock.nowUs()) / 1000).compose(v -> run.meter.start());
    OpenLoop.run(run.loops.get(0), total, rate, startUs, (k, dueUs) -> {
      Reconnect reconnect = new Reconnect(run.client(k, o.url(), tokens[(int) k]), k >= first, dueUs, onDone);
      reconnect.client.context().runOnContext(v -> reconnect.begin());
    });
    return Future.all(allDone.future(), window)
        .compose(v -> run.meter.stop(window.result()))
        .map(m -> {
          measured = m;
          return null;
        });
  }

  private void fail(String reason) {
    failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  /** One reconnect: connect, register with {since, epoch}, count the replayed events, close. */
  private final class Reconnect implements BridgeClient.Listener {
    final BridgeClient client;
    private final boolean measuredOne;
    private final long startUs;
    private final Runnable onDone;
    private final long since = newestOffset - replayCount;
    private long nextOffset = since + 1;
    private long registerUs;
    private long deadline = -1;
    private boolean done;

    Reconnect(BridgeClient client, boolean measuredOne, long startUs, Runnable onDone) {
      this.client = client.listener(this);
      this.measuredOne = measuredOne;
      this.startUs = startUs;
      this.onDone = onDone;
    }

    void begin() {
      deadline = run.vertx.setTimer(Math.round(o.timeout() * 1000),
          id -> finish(client.isOpen() ? "timeout (" + (nextOffset - since - 1) + " of " + replayCount + " events)"
              : "connect timeout"));
      client.connect().onComplete(ar -> {
        if (done) {
          return;
        }
        if (ar.failed()) {
          finish("connect: " + ar.cause().getMessage());
          return;
        }
        long now = Clock.nowUs();
        if (measuredOne) {
          connect.recordUs(now - startUs);
        }
        registerUs = now;
        client.register(room, new JsonObject().put("since", since).put("epoch", epoch));
      });
    }

    @Override
    public void onRec(BridgeClient c, BridgeFrame frame) {
      if (frame.type() == BridgeFrame.Type.RECOVERY) {
        finish("not recovered (sb.recovery)");
        return;
      }
      long offset = frame.offset();
      if (offset < 0 || done) {
        return;
      }
      if (offset != nextOffset) {
        outOfOrder.increment();
        nextOffset = Math.max(nextOffset, offset + 1);
      } else {
        nextOffset++;
      }
      if (nextOffset > newestOffset) {
        long now = Clock.nowUs();
        if (measuredOne) {
          registerToReplayed.recordUs(now - registerUs);
          arrivalToReplayed.recordUs(now - startUs);
          completed.increment();
        }
        finish(null);
      }
    }

    @Override
    public void onClose(BridgeClient c, String reason) {
      finish("closed: " + reason);
    }

    private void finish(String failure) {
      if (done) {
        return;
      }
      done = true;
      if (deadline >= 0) {
        run.vertx.cancelTimer(deadline);
      }
      if (failure != null && measuredOne) {
        fail(failure);
      }
      client.close();
      onDone.run();
    }
  }

  private JsonObject result() {
    long measuredCount = total - first;
    long ok = completed.sum();
    JsonObject reasons = new JsonObject();
    new TreeMap<>(failures).forEach((k, v) -> reasons.put(k, v.sum()));
    JsonObject server = new JsonObject().put("pid", o.serverPid()).put("cpuPct", measured.serverCpuPct())
        .put("systemCpuPct", measured.serverSystemPct())
        .put("cpuUsPerReplay", measured.serverCpuUsPer(ok));
    return new JsonObject()
        .put("scenario", "replay")
        .put("room", room)
        .put("newestOffset", newestOffset)
        .put("replayCount", replayCount)
        .put("arrivalRate", rate)
        .put("reconnects", measuredCount)
        .put("completed", ok)
        .put("failed", measuredCount - ok)
        .put("failureReasons", reasons)
        .put("outOfOrder", outOfOrder.sum())
        .put("replaysPerSec", Meter.round(ok / measured.seconds(), 1))
        .put("registerToReplayedMs", registerToReplayed.summaryMs())
        .put("arrivalToReplayedMs", arrivalToReplayed.summaryMs())
        .put("timeToConnectMs", connect.summaryMs())
        .put("server", server)
        .put("generator", run.meter.generatorHealth(measured))
        .put("measuredSeconds", Meter.round(measured.seconds(), 3));
  }
}
