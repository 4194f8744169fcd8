package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Clients arriving open loop: client {@code i} is due at {@code start + i / rate} and its times count from then. Each
 * connects (token in the URL), registers on its room and, when asked to, publishes a probe into it until the probe
 * comes back: that moment it is <em>subscribed</em>. A client not done within the timeout fails, with a reason.
 */
final class Arrivals {

  private Arrivals() {
  }

  /** What to do and how. */
  record Plan(int count, LongFunction<String> roomOf, double ratePerSec, boolean selfProbe, long timeoutMs, String tag,
              URI url) {
  }

  /** Starts the arrivals; completes with one {@link Arrival} per client once every one is subscribed or failed. */
  static Future<List<Arrival>> establish(LoadRun run, Plan plan) {
    String[] tokens = new String[plan.count()];
    for (int i = 0; i < plan.count(); i++) {
      // signed before the clock starts, so signing is not part of an arrival
      tokens[i] = run.tokenFor(i, plan.roomOf().apply(i));
    }
    Arrival[] arrivals = new Arrival[plan.count()];
    Promise<List<Arrival>> all = Promise.promise();
    AtomicInteger done = new AtomicInteger();
    Runnable onDone = () -> {
      if (done.incrementAndGet() == plan.count()) {
        all.complete(Arrays.asList(arrivals));
      }
    };
    if (plan.count() == 0) {
      return Future.succeededFuture(List.of());
    }
    long startUs = Clock.nowUs() + 5000;
    OpenLoop.run(run.loops.get(0), plan.count(), plan.ratePerSec(), startUs, (k, dueUs) -> {
      int i = (int) k;
      Arrival arrival = new Arrival(run, i, plan.roomOf().apply(i), dueUs, run.client(i, plan.url(), tokens[i]), onDone);
      arrivals[i] = arrival;
      arrival.client.context().runOnContext(v -> arrival.begin(plan));
    });
    return all.future();
  }

  /** The clients of {@code arrivals} that are subscribed. */
  static List<Arrival> subscribed(List<Arrival> arrivals) {
    List<Arrival> ok = new ArrayList<>();
    for (Arrival a : arrivals) {
      if (a.ok) {
        ok.add(a);
      }
    }
    return ok;
  }

  /** Failures by reason: {@code {"connect: http 401": 3}}. */
  static JsonObject failureReasons(List<Arrival> arrivals) {
    Map<String, Integer> reasons = new TreeMap<>();
    for (Arrival a : arrivals) {
      if (!a.ok) {
        reasons.merge(a.reason, 1, Integer::sum);
      }
    }
    JsonObject json = new JsonObject();
    reasons.forEach(json::put);
    return json;
  }

  /**
   * Every subscribed client still open publishes a fresh probe; completes with how many came back within the timeout.
   */
  static Future<Integer> probeAll(LoadRun run, List<Arrival> arrivals, String tag, long timeoutMs) {
    List<Arrival> live = new ArrayList<>();
    for (Arrival a : arrivals) {
      if (a.ok && a.client.isOpen()) {
        live.add(a);
      }
    }
    if (live.isEmpty()) {
      return Future.succeededFuture(0);
    }
    AtomicInteger back = new AtomicInteger();
    Promise<Integer> result = Promise.promise();
    for (Arrival a : live) {
      a.client.context().runOnContext(v -> a.probe(tag, () -> {
        if (back.incrementAndGet() == live.size()) {
          result.tryComplete(live.size());
        }
      }));
    }
    run.vertx.setTimer(timeoutMs, id -> {
      for (Arrival a : live) {
        a.client.context().runOnContext(v -> a.cancelProbe());
      }
      result.tryComplete(back.get());
    });
    return result.future();
  }

  /**
   * One client's arrival and afterwards its listener: probe events are matched here, other events go to the
   * scenario's {@link #data} listener. Fields are written on the client's context; read them once
   * {@link #establish} has completed.
   */
  static final class Arrival implements BridgeClient.Listener {
    final LoadRun run;
    final int index;
    final String room;
    final long startUs;
    final BridgeClient client;
    private final Runnable onDone;
    volatile BridgeClient.Listener data = BridgeClient.IGNORE;
    long connectUs = -1;
    long subscribedUs = -1;
    long doneUs = -1;
    boolean ok;
    String reason;
    private boolean done;
    private long deadline = -1;
    private Probe probe;
    private String probeWanted;
    private Runnable onProbe;

    Arrival(LoadRun run, int index, String room, long startUs, BridgeClient client, Runnable onDone) {
      this.run = run;
      this.index = index;
      this.room = room;
      this.startUs = startUs;
      this.client = client.listener(this);
      this.onDone = onDone;
    }

    private void begin(Plan plan) {
      deadline = run.vertx.setTimer(plan.timeoutMs(),
          id -> finish(false, client.isOpen() ? "no probe back (timeout)" : "connect timeout"));
      client.connect().onComplete(ar -> {
        if (done) {
          return;
        }
        if (ar.failed()) {
          finish(false, "connect: " + ar.cause().getMessage());
          return;
        }
        connectUs = Clock.nowUs() - startUs;
        client.register(room, null);
        if (!plan.selfProbe()) {
          finish(true, null);
          return;
        }
        probe(plan.tag(), () -> {
          subscribedUs = Clock.nowUs() - startUs;
          finish(true, null);
        });
      });
    }

    /** Probes this client's room until the probe comes back; on the client's context. */
    void probe(String tag, Runnable back) {
      String id = tag + ":" + run.runId + ":" + index;
      awaitProbe(id, back);
      probe = new Probe(client, room, id, run.options.probeIntervalMs(), run.probePublishes).start();
    }

    /** Waits for probe {@code id}, which someone else publishes (the fanout publisher); on the client's context. */
    void awaitProbe(String id, Runnable back) {
      cancelProbe();
      probeWanted = id;
      onProbe = back;
    }

    void cancelProbe() {
      if (probe != null) {
        probe.cancel();
        probe = null;
      }
      probeWanted = null;
      onProbe = null;
    }

    @Override
    public void onRec(BridgeClient c, BridgeFrame frame) {
      if (frame.probe() != null) {
        if (probeWanted != null && frame.probe().equals(probeWanted)) {
          Runnable back = onProbe;
          cancelProbe();
          back.run();
        }
        return;
      }
      data.onRec(c, frame);
    }

    @Override
    public void onClose(BridgeClient c, String closeReason) {
      finish(false, "closed: " + closeReason);
      data.onClose(c, closeReason);
    }

    private void finish(boolean success, String why) {
      if (done) {
        return;
      }
      done = true;
      ok = success;
      reason = why;
      doneUs = Clock.nowUs();
      cancelProbe();
      if (deadline >= 0) {
        run.vertx.cancelTimer(deadline);
      }
      onDone.run();
    }
  }
}
