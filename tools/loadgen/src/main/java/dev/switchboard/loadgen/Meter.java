package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Measures a window: the server's (and a second member's) CPU time from {@code /proc}, the generator's own CPU, its
 * event loops' delay and the host's stalls. The {@code /proc} reads run off the event loops.
 */
final class Meter {

  private final Vertx vertx;
  private final ProcStat proc;
  private final Long serverPid;
  private final Long memberPid;
  private final LoopLag loopLag;
  private final HostStalls stalls;
  private final int cpus = Runtime.getRuntime().availableProcessors();

  Meter(Vertx vertx, ProcStat proc, Long serverPid, Long memberPid, LoopLag loopLag, HostStalls stalls) {
    this.vertx = vertx;
    this.proc = proc;
    this.serverPid = serverPid;
    this.memberPid = memberPid;
    this.loopLag = loopLag;
    this.stalls = stalls;
  }

  /** CPU of the server, the member and this process at one moment. */
  record Snapshot(long atUs, ProcStat.Cpu server, ProcStat.Cpu member, ProcStat.Cpu self) {
  }

  /** What a window measured; server and member CPU are -1 when not measured. */
  record Measured(long elapsedUs, long serverCpuUs, long serverSystemUs, long memberCpuUs, long selfCpuUs,
                  JsonObject loopDelayMs, JsonObject hostStalls) {

    double seconds() {
      return elapsedUs / 1e6;
    }

    Double serverCpuPct() {
      return serverCpuUs < 0 ? null : round(100.0 * serverCpuUs / elapsedUs, 1);
    }

    /** The part of the server's CPU spent in the kernel (system time), in % of the window. */
    Double serverSystemPct() {
      return serverSystemUs < 0 ? null : round(100.0 * serverSystemUs / elapsedUs, 1);
    }

    Double memberCpuPct() {
      return memberCpuUs < 0 ? null : round(100.0 * memberCpuUs / elapsedUs, 1);
    }

    /** Server CPU µs per unit (delivery, client), or null. */
    Double serverCpuUsPer(long units) {
      return serverCpuUs < 0 || units <= 0 ? null : round((double) serverCpuUs / units, 3);
    }

    Double memberCpuUsPer(long units) {
      return memberCpuUs < 0 || units <= 0 ? null : round((double) memberCpuUs / units, 3);
    }
  }

  /** Runs {@code at} and reads the CPU times right after it, on a worker thread, so both happen at one instant. */
  private Future<Snapshot> snapshot(Runnable at) {
    return vertx.executeBlocking(() -> {
      at.run();
      return new Snapshot(Clock.nowUs(), cpu(serverPid), cpu(memberPid), proc.cpu(ProcStat.self()));
    }, false);
  }

  Future<Snapshot> start() {
    return start(() -> { });
  }

  Future<Measured> stop(Snapshot start) {
    return stop(start, () -> { });
  }

  /** Starts a window; {@code opening} runs at its first instant (e.g. to start counting deliveries). */
  Future<Snapshot> start(Runnable opening) {
    return snapshot(() -> {
      opening.run();
      loopLag.reset();
      stalls.mark();
    });
  }

  /** Ends the window opened by {@code start}; {@code closing} runs at its last instant. */
  Future<Measured> stop(Snapshot start, Runnable closing) {
    JsonObject[] marks = new JsonObject[2];
    return snapshot(() -> {
      closing.run();
      marks[0] = loopLag.summaryMs();
      marks[1] = stalls.read();
    }).map(end -> new Measured(end.atUs() - start.atUs(),
        diff(start.server().totalUs(), end.server().totalUs()), diff(start.server().systemUs(), end.server().systemUs()),
        diff(start.member().totalUs(), end.member().totalUs()), diff(start.self().totalUs(), end.self().totalUs()),
        marks[0], marks[1]));
  }

  /** The server's RSS in KiB now (null when not measured); a {@code /proc} read, off the event loops. */
  Future<Long> serverRssKiB() {
    if (serverPid == null) {
      return Future.succeededFuture(null);
    }
    return vertx.executeBlocking(() -> {
      long rss = ProcStat.rssKiB(serverPid);
      return rss < 0 ? null : rss;
    }, false);
  }

  /**
   * The generator's health over a window: its CPU (% of one CPU), its loops' delay, and whether it was the
   * bottleneck (loop delay p99 over 5 ms, or CPU over 85 % of the CPUs it may use), like the Node harness's
   * GENERATOR-BOUND; host stalls over 5 % of the time or any over 50 ms make the run NOISY.
   */
  JsonObject generatorHealth(Measured m) {
    double cpuPct = round(100.0 * m.selfCpuUs() / m.elapsedUs(), 1);
    JsonArray reasons = new JsonArray();
    Object p99 = m.loopDelayMs().getValue("p99");
    if (p99 instanceof Number n && n.doubleValue() > 5) {
      reasons.add("event-loop delay p99 " + n + " ms > 5 ms");
    }
    if (cpuPct > 85.0 * cpus) {
      reasons.add("generator CPU " + cpuPct + "% > 85% of " + cpus + " CPU(s)");
    }
    JsonObject st = m.hostStalls();
    boolean noisy = st.getLong("over50ms") > 0 || st.getDouble("stalledPct") > 5;
    return new JsonObject().put("cpuPct", cpuPct).put("cpus", cpus).put("loopDelayMs", m.loopDelayMs())
        .put("bound", !reasons.isEmpty()).put("reasons", reasons).put("hostStalls", st).put("noisy", noisy);
  }

  private ProcStat.Cpu cpu(Long pid) {
    return pid == null ? ProcStat.Cpu.NONE : proc.cpu(pid);
  }

  private static long diff(long start, long end) {
    return start < 0 || end < 0 ? -1 : end - start;
  }

  static double round(double x, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(x * scale) / scale;
  }
}
