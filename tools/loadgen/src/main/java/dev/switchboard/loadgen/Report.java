package dev.switchboard.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The human summary of a result, a few lines like the Node harness prints. */
final class Report {

  private Report() {
  }

  static String human(JsonObject r) {
    List<String> lines = new ArrayList<>();
    lines.add(r.getString("scenario") + " transport=" + r.getString("transport") + " url=" + r.getString("url")
        + (r.getString("publishUrl") != null && !r.getString("publishUrl").equals(r.getString("url"))
        ? " publish-url=" + r.getString("publishUrl") : ""));
    switch (r.getString("scenario")) {
      case "fanout", "rooms", "cross-node" -> stream(r, lines);
      case "storm" -> storm(r, lines);
      case "idle" -> idle(r, lines);
      case "replay" -> replay(r, lines);
      default -> { }
    }
    JsonObject g = r.getJsonObject("generator");
    JsonObject d = g.getJsonObject("loopDelayMs");
    lines.add("  generator CPU " + f(g.getValue("cpuPct")) + "% (CPUs " + g.getValue("cpus") + ", event loops "
        + r.getValue("eventLoops") + ")  loop delay ms p50 " + f(d.getValue("p50")) + " p99 "
        + f(d.getValue("p99")) + " max " + f(d.getValue("max"))
        + (g.getBoolean("bound") ? "  GENERATOR-BOUND: " + reasons(g) : ""));
    JsonObject st = g.getJsonObject("hostStalls");
    lines.add("  host stalls on the generator's CPU: " + f(st.getValue("stalledPct")) + "% of the time, "
        + st.getValue("over10ms") + " over 10 ms, " + st.getValue("over50ms") + " over 50 ms, max "
        + f(st.getValue("maxMs")) + " ms" + (g.getBoolean("noisy") ? "  NOISY HOST" : ""));
    if (!r.getJsonObject("errors").isEmpty()) {
      lines.add("  err frames " + r.getJsonObject("errors").encode() + ", first message of each: "
          + r.getJsonObject("errorSamples").encode());
    }
    if (r.getLong("closedAfterSetup", 0L) > 0) {
      lines.add("  sockets closed during the run " + r.getValue("closedAfterSetup") + " "
          + r.getJsonObject("closeReasons").encode());
    }
    return String.join("\n", lines) + "\n";
  }

  private static void stream(JsonObject r, List<String> lines) {
    lines.add("  subscribers " + r.getValue("subscribers") + " (failed " + r.getValue("connectFailures") + ") rooms "
        + r.getValue("rooms") + " publish " + f(r.getValue("publishRate")) + "/s size " + r.getValue("size") + " B");
    lines.add("  target " + f(r.getValue("targetDeliveriesPerSec")) + " deliveries/s  delivered "
        + f(r.getValue("deliveredPerSec")) + "/s  lost " + r.getValue("lost") + "/" + r.getValue("expected") + " ("
        + f(r.getValue("lossPct")) + "%)  dup " + r.getValue("duplicates") + "  misrouted " + r.getValue("misrouted"));
    lines.add("  latency ms  " + percentiles(r.getJsonObject("latencyMs")));
    JsonObject lag = r.getJsonObject("publisherLagMs");
    lines.add("  publisher lag ms p99 " + f(lag.getValue("p99")) + " max " + f(lag.getValue("max")));
    JsonObject s = r.getJsonObject("server");
    lines.add("  server  CPU " + f(s.getValue("cpuPct")) + "% (system " + f(s.getValue("systemCpuPct")) + "%)  "
        + f(s.getValue("cpuUsPerDelivery"))
        + " CPU-µs/delivery  RSS " + f(s.getValue("rssKiB")) + " KiB"
        + (s.containsKey("memberPid") ? "  member CPU " + f(s.getValue("memberCpuPct")) + "%  "
        + f(s.getValue("memberCpuUsPerDelivery")) + " CPU-µs/delivery" : ""));
  }

  private static void storm(JsonObject r, List<String> lines) {
    lines.add("  clients " + r.getValue("clients") + " at " + f(r.getValue("arrivalRate")) + "/s  subscribed "
        + r.getValue("subscribed") + "  failed " + r.getValue("failed") + " " + r.getJsonObject("failureReasons").encode()
        + "  subscribed/s " + f(r.getValue("subscribedPerSec")));
    lines.add("  time to subscribed ms  " + percentiles(r.getJsonObject("timeToSubscribedMs")));
    lines.add("  time to connect ms     " + percentiles(r.getJsonObject("timeToConnectMs")));
    JsonObject s = r.getJsonObject("server");
    lines.add("  server  CPU " + f(s.getValue("cpuPct")) + "%  " + f(s.getValue("cpuUsPerClient")) + " CPU-µs/client  RSS "
        + f(s.getValue("rssBeforeKiB")) + " -> " + f(s.getValue("rssAfterKiB")) + " KiB");
  }

  private static void idle(JsonObject r, List<String> lines) {
    lines.add("  clients " + r.getValue("clients") + "  subscribed " + r.getValue("subscribed") + "  failed "
        + r.getValue("failed") + " " + r.getJsonObject("failureReasons").encode() + "  closed while idle "
        + r.getValue("closedWhileIdle") + "  alive at end "
        + r.getValue("aliveAtEnd"));
    JsonObject s = r.getJsonObject("server");
    lines.add("  server RSS KiB base " + f(s.getValue("rssBaseKiB")) + "  established " + f(s.getValue("rssEstablishedKiB"))
        + "  end " + f(s.getValue("rssEndKiB")) + "  max " + f(s.getValue("rssMaxKiB")) + "  per socket "
        + f(s.getValue("rssPerClientKiB")));
    lines.add("  server CPU " + f(s.getValue("cpuPct")) + "%  " + f(s.getValue("cpuUsPerClientSec"))
        + " CPU-µs per client-second");
  }

  private static void replay(JsonObject r, List<String> lines) {
    lines.add("  room " + r.getValue("room") + " newest offset " + r.getValue("newestOffset") + ", each reconnect asks for "
        + r.getValue("replayCount") + " events; " + r.getValue("reconnects") + " reconnects at "
        + f(r.getValue("arrivalRate")) + "/s  completed " + r.getValue("completed") + "  failed " + r.getValue("failed")
        + " " + r.getJsonObject("failureReasons").encode() + "  out of order " + r.getValue("outOfOrder"));
    lines.add("  register -> replayed ms  " + percentiles(r.getJsonObject("registerToReplayedMs")));
    lines.add("  arrival -> replayed ms   " + percentiles(r.getJsonObject("arrivalToReplayedMs")));
    lines.add("  time to connect ms       " + percentiles(r.getJsonObject("timeToConnectMs")));
    JsonObject s = r.getJsonObject("server");
    lines.add("  server  CPU " + f(s.getValue("cpuPct")) + "%  " + f(s.getValue("cpuUsPerReplay")) + " CPU-µs/replay");
  }

  private static String reasons(JsonObject generator) {
    List<String> reasons = new ArrayList<>();
    generator.getJsonArray("reasons").forEach(reason -> reasons.add(String.valueOf(reason)));
    return String.join("; ", reasons);
  }

  private static String percentiles(JsonObject l) {
    return "p50 " + f(l.getValue("p50")) + "  p90 " + f(l.getValue("p90")) + "  p99 " + f(l.getValue("p99")) + "  p999 "
        + f(l.getValue("p999")) + "  max " + f(l.getValue("max")) + "  (n=" + l.getValue("count") + ")";
  }

  private static String f(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
    }
    return String.valueOf(value);
  }
}
