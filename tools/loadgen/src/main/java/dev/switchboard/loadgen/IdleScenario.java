package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code idle}: K clients arrive at --rate/s and subscribe as in storm; after --warmup s of settling they are held
 * idle (pinging like the official client) for --duration s while the server's RSS is sampled each second and its CPU
 * measured; at the end every client probes again to prove it is still subscribed. RSS per client = (end - base) / K.
 */
final class IdleScenario implements Scenario {

  private final LoadRun run;
  private final Options o;
  private final double rate;
  private final AtomicLong rssMaxKiB = new AtomicLong(-1);
  private List<Arrivals.Arrival> arrivals = List.of();
  private Long rssBaseKiB;
  private Long rssEstablishedKiB;
  private Long rssEndKiB;
  private Meter.Measured measured;
  private int alive;

  IdleScenario(LoadRun run) {
    this.run = run;
    this.o = run.options;
    this.rate = o.effectiveRate();
  }

  @Override
  public Future<JsonObject> run() {
    run.log("idle: {} clients at {}/s, then {} s settle + {} s hold", o.n(), rate, o.warmup(), o.duration());
    return run.meter.serverRssKiB()
        .compose(rss -> {
          rssBaseKiB = rss;
          return Arrivals.establish(run, new Arrivals.Plan(o.n(), i -> "project:idle-" + run.runId + "-" + i, rate,
              true, (long) Math.max(30_000, o.timeout() * 1000), "idle", o.url()));
        })
        .compose(all -> {
          arrivals = all;
          run.stats.setupDone();
          return run.meter.serverRssKiB();
        })
        .compose(rss -> {
          rssEstablishedKiB = rss;
          return run.delay(Math.round(o.warmup() * 1000));
        })
        .compose(v -> hold())
        .compose(v -> Arrivals.probeAll(run, arrivals, "alive", (long) Math.max(10_000, o.timeout() * 1000)))
        .compose(back -> {
          alive = back;
          return run.closeAll(StormScenario.clients(arrivals));
        })
        .map(v -> result());
  }

  /** The hold: RSS sampled every second, CPU over the whole of it. */
  private Future<Void> hold() {
    long sampler = run.vertx.setPeriodic(1000, id -> run.meter.serverRssKiB().onSuccess(rss -> {
      if (rss != null) {
        rssMaxKiB.accumulateAndGet(rss, Math::max);
      }
    }));
    return run.meter.start()
        .compose(start -> run.delay(Math.round(o.duration() * 1000)).compose(v -> run.meter.stop(start)))
        .compose(m -> {
          run.vertx.cancelTimer(sampler);
          measured = m;
          return run.meter.serverRssKiB();
        })
        .map(rss -> {
          rssEndKiB = rss;
          return null;
        });
  }

  private JsonObject result() {
    int ok = Arrivals.subscribed(arrivals).size();
    int held = Math.max(1, ok);
    Double perClient = rssBaseKiB == null || rssEndKiB == null ? null
        : Meter.round((double) (rssEndKiB - rssBaseKiB) / held, 2);
    Double cpuPerClientSec = measured.serverCpuUs() < 0 ? null
        : Meter.round(measured.serverCpuUs() / (double) held / measured.seconds(), 3);
    JsonObject server = new JsonObject().put("pid", o.serverPid()).put("rssBaseKiB", rssBaseKiB)
        .put("rssEstablishedKiB", rssEstablishedKiB).put("rssEndKiB", rssEndKiB)
        .put("rssMaxKiB", rssMaxKiB.get() < 0 ? null : rssMaxKiB.get()).put("rssPerClientKiB", perClient)
        .put("cpuPct", measured.serverCpuPct())
        .put("systemCpuPct", measured.serverSystemPct()).put("cpuUsPerClientSec", cpuPerClientSec);
    return new JsonObject()
        .put("scenario", "idle")
        .put("clients", o.n())
        .put("arrivalRate", rate)
        .put("subscribed", ok)
        .put("failed", o.n() - ok)
        .put("failureReasons", Arrivals.failureReasons(arrivals))
        .put("closedWhileIdle", run.stats.closedAfterSetup())
        .put("aliveAtEnd", alive)
        .put("holdSeconds", Meter.round(measured.seconds(), 3))
        .put("server", server)
        .put("generator", run.meter.generatorHealth(measured));
  }
}
