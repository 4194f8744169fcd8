package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code storm}: K clients arrive at --rate/s, each on its own room: connect (token in the URL), register, probe
 * until its probe comes back = subscribed. Time to subscribed is counted from the client's intended arrival. A
 * discarded warm-up wave of --warmup x rate clients (at most K) comes first.
 */
final class StormScenario implements Scenario {

  private final LoadRun run;
  private final Options o;
  private final double rate;
  private List<Arrivals.Arrival> arrivals = List.of();
  private Meter.Measured measured;
  private Long rssBeforeKiB;
  private Long rssAfterKiB;
  private long probesBefore;

  StormScenario(LoadRun run) {
    this.run = run;
    this.o = run.options;
    this.rate = o.effectiveRate();
  }

  @Override
  public Future<JsonObject> run() {
    return warmupWave()
        .compose(v -> {
          run.log("storm: {} clients at {}/s to {}", o.n(), rate, o.url());
          probesBefore = run.probePublishes.sum();
          return run.meter.serverRssKiB();
        })
        .compose(rss -> {
          rssBeforeKiB = rss;
          return run.meter.start();
        })
        .compose(start -> Arrivals.establish(run, plan(o.n(), "project:storm-" + run.runId + "-", "storm"))
            .compose(all -> {
              arrivals = all;
              return run.meter.stop(start);
            }))
        .compose(m -> {
          measured = m;
          return run.meter.serverRssKiB();
        })
        .compose(rss -> {
          rssAfterKiB = rss;
          return run.closeAll(clients(arrivals));
        })
        .map(v -> result());
  }

  /** A discarded wave of --warmup x rate clients (at most K), closed again, then a second of quiet. */
  private Future<Void> warmupWave() {
    int warm = (int) Math.min(o.n(), Math.ceil(o.warmup() * rate));
    if (warm == 0) {
      return Future.succeededFuture();
    }
    run.log("warm-up wave: {} clients at {}/s (discarded)", warm, rate);
    return Arrivals.establish(run, plan(warm, "project:stormwarm-" + run.runId + "-", "warm"))
        .compose(all -> run.closeAll(clients(all)))
        .compose(v -> run.delay(1000));
  }

  private Arrivals.Plan plan(int count, String roomPrefix, String tag) {
    return new Arrivals.Plan(count, i -> roomPrefix + i, rate, true, Math.round(o.timeout() * 1000), tag, o.url());
  }

  static List<BridgeClient> clients(List<Arrivals.Arrival> arrivals) {
    List<BridgeClient> clients = new ArrayList<>(arrivals.size());
    arrivals.forEach(a -> clients.add(a.client));
    return clients;
  }

  private JsonObject result() {
    Histogram subscribed = new Histogram(3_600_000_000L, 3);
    Histogram connect = new Histogram(3_600_000_000L, 3);
    int ok = 0;
    long lastDoneUs = 0;
    for (Arrivals.Arrival a : arrivals) {
      if (a.ok) {
        ok++;
        subscribed.recordValue(Math.max(0, a.subscribedUs));
        lastDoneUs = Math.max(lastDoneUs, a.doneUs);
      }
      if (a.connectUs >= 0) {
        connect.recordValue(a.connectUs);
      }
    }
    double spanS = ok == 0 ? 0 : (lastDoneUs - arrivals.get(0).startUs) / 1e6;
    JsonObject server = new JsonObject().put("pid", o.serverPid()).put("cpuPct", measured.serverCpuPct())
        .put("systemCpuPct", measured.serverSystemPct())
        .put("cpuUsPerClient", measured.serverCpuUsPer(ok)).put("rssBeforeKiB", rssBeforeKiB)
        .put("rssAfterKiB", rssAfterKiB);
    if (o.memberPid() != null) {
      server.put("memberPid", o.memberPid()).put("memberCpuUsPerClient", measured.memberCpuUsPer(ok));
    }
    return new JsonObject()
        .put("scenario", "storm")
        .put("clients", o.n())
        .put("arrivalRate", rate)
        .put("subscribed", ok)
        .put("failed", o.n() - ok)
        .put("failureReasons", Arrivals.failureReasons(arrivals))
        .put("subscribedPerSec", spanS > 0 ? Meter.round(ok / spanS, 1) : null)
        .put("timeToSubscribedMs", Latency.summaryMs(subscribed))
        .put("timeToConnectMs", Latency.summaryMs(connect))
        .put("probePublishes", run.probePublishes.sum() - probesBefore)
        .put("server", server)
        .put("generator", run.meter.generatorHealth(measured))
        .put("measuredSeconds", Meter.round(measured.seconds(), 3));
  }
}
