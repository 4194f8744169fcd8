package dev.switchboard.loadgen;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

/**
 * Every option of the load generator, parsed and validated in one place, defaults next to the fields. A bad value
 * is an {@link IllegalArgumentException} naming the option, the value and what was expected.
 */
record Options(
    Scenario.Kind scenario,
    Transport transport,
    URI url,
    URI publishUrl,
    int n,
    Double rate,
    Double deliveryRate,
    double duration,
    double warmup,
    double drain,
    int size,
    String secret,
    Long serverPid,
    Long memberPid,
    double connectRate,
    double timeout,
    long probeIntervalMs,
    long pingIntervalMs,
    int eventLoops,
    int replayCount,
    String label,
    boolean json) {

  static final String USAGE = """
      usage: java -jar switchboard-loadgen.jar --scenario NAME [options]

        --scenario NAME        fanout | rooms | storm | idle | cross-node | replay (default fanout)
                                 fanout      N subscribers on one room, one publisher at --rate (= delivery rate / N)
                                 rooms       N subscribers each on its own room, --rate publishes/s round-robin
                                 storm       N clients arrive at --rate/s: connect, register, probe until received
                                 idle        N subscribed idle sockets held --duration s: server RSS and CPU
                                 cross-node  fanout with the publisher on --publish-url (node A) and the
                                             subscribers on --url (node B)
                                 replay      reconnects at --rate/s, each registering with {since: offset-R, epoch}
                                             on a room with R+20 events; time until the R replayed events are in
        --transport T          raw: /eventbus/websocket, one bridge frame per text frame (default)
                               sockjs: SockJS's websocket transport /eventbus/<3 digits>/<id>/websocket
        --url URL              the bridge (default http://127.0.0.1:8080/eventbus)
        --publish-url URL      cross-node: the publisher's node (default: --url)
        -n N                   subscribers (fanout, rooms, cross-node) or clients (storm, idle) (default 100)
        --rate R               fanout, cross-node: publishes/s into the one room (default 100)
                               rooms: publishes/s spread over the N rooms (default 1000)
                               storm, idle, replay: client arrivals/s (default 500 storm, 1000 idle, 50 replay)
        --delivery-rate X      fanout, rooms, cross-node: target deliveries/s (sets --rate to X/N resp. X)
        --duration S           measured seconds; idle: hold seconds; replay: seconds of measured arrivals (default 20)
        --warmup S             discarded seconds before measuring; storm: a discarded wave of S x rate clients (default 5)
        --drain S              fanout, rooms, cross-node: longest wait for late deliveries (default 5)
        --size BYTES           bytes of each event's data {seq, t, pad} (default 100)
        --secret S             HS256 secret the tokens are signed with (default bench-secret-change-me)
        --server-pid PID       the server process: CPU from /proc/PID/stat (utime+stime, all threads), RSS from
                               /proc/PID/status
        --member-pid PID       a second server process (cross-node: the publisher's node), measured alongside
        --connect-rate C       arrivals/s of the fanout, rooms and cross-node subscribers during setup (default 1000)
        --timeout S            storm, idle, replay: a client not done after S s fails (default 10)
        --probe-interval MS    first resend of a client's probe after MS ms, then x2 up to 1 s (default 50)
        --ping-interval MS     client ping period like the official client (default 5000, 0 off)
        --event-loops L        event loops of the generator (default: the CPUs it may use, here %d)
        --replay-count R       replay: events each reconnect asks for (default 100)
        --label TEXT           copied into the JSON result
        --json                 one JSON line with every figure on stdout (the summary goes to stderr)
        --help                 this text
      """;

  static Options parse(String... args) {
    Builder b = new Builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--json")) {
        b.json = true;
        continue;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + arg + " needs a value");
        }
        value = args[++i];
      }
      b.set(name, value);
    }
    return b.build();
  }

  static String usage() {
    return USAGE.formatted(Runtime.getRuntime().availableProcessors());
  }

  boolean fanoutLike() {
    return scenario == Scenario.Kind.FANOUT || scenario == Scenario.Kind.CROSS_NODE;
  }

  /** Publishes/s (fanout, rooms, cross-node) or arrivals/s (storm, idle, replay), defaults applied. */
  double effectiveRate() {
    if (deliveryRate != null) {
      return fanoutLike() ? deliveryRate / n : deliveryRate;
    }
    if (rate != null) {
      return rate;
    }
    return switch (scenario) {
      case FANOUT, CROSS_NODE -> 100;
      case ROOMS -> 1000;
      case STORM -> 500;
      case IDLE -> 1000;
      case REPLAY -> 50;
    };
  }

  private static final class Builder {
    Scenario.Kind scenario = Scenario.Kind.FANOUT;
    Transport transport = Transport.RAW;
    URI url = URI.create("http://127.0.0.1:8080/eventbus");
    URI publishUrl;
    int n = 100;
    Double rate;
    Double deliveryRate;
    double duration = 20;
    double warmup = 5;
    double drain = 5;
    int size = 100;
    String secret = "bench-secret-change-me";
    Long serverPid;
    Long memberPid;
    double connectRate = 1000;
    double timeout = 10;
    long probeIntervalMs = 50;
    long pingIntervalMs = 5000;
    int eventLoops = Runtime.getRuntime().availableProcessors();
    int replayCount = 100;
    String label = "";
    boolean json;

    void set(String name, String value) {
      switch (name) {
        case "--scenario" -> scenario = Scenario.Kind.parse(value);
        case "--transport" -> transport = Transport.parse(value);
        case "--url" -> url = url(name, value);
        case "--publish-url" -> publishUrl = url(name, value);
        case "-n" -> n = (int) number(name, value, 1, 10_000_000);
        case "--rate" -> rate = positive(name, value);
        case "--delivery-rate" -> deliveryRate = positive(name, value);
        case "--duration" -> duration = positive(name, value);
        case "--warmup" -> warmup = number(name, value, 0, 86_400);
        case "--drain" -> drain = number(name, value, 0, 86_400);
        case "--size" -> size = (int) number(name, value, 0, 16 * 1024 * 1024);
        case "--secret" -> secret = value;
        case "--server-pid" -> serverPid = (long) number(name, value, 1, Long.MAX_VALUE);
        case "--member-pid" -> memberPid = (long) number(name, value, 1, Long.MAX_VALUE);
        case "--connect-rate" -> connectRate = positive(name, value);
        case "--timeout" -> timeout = positive(name, value);
        case "--probe-interval" -> probeIntervalMs = (long) number(name, value, 1, 60_000);
        case "--ping-interval" -> pingIntervalMs = (long) number(name, value, 0, 3_600_000);
        case "--event-loops" -> eventLoops = (int) number(name, value, 1, 256);
        case "--replay-count" -> replayCount = (int) number(name, value, 1, 1000);
        case "--label" -> label = value;
        default -> throw new IllegalArgumentException("unknown option " + name + " (--help lists them)");
      }
    }

    Options build() {
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("--secret must not be empty");
      }
      if (serverPid != null && !ProcStat.exists(serverPid)) {
        throw new IllegalArgumentException("--server-pid " + serverPid + ": no such process");
      }
      if (memberPid != null && !ProcStat.exists(memberPid)) {
        throw new IllegalArgumentException("--member-pid " + memberPid + ": no such process");
      }
      if (publishUrl != null && scenario != Scenario.Kind.CROSS_NODE) {
        throw new IllegalArgumentException("--publish-url is for --scenario cross-node");
      }
      if (scenario == Scenario.Kind.CROSS_NODE && publishUrl == null) {
        throw new IllegalArgumentException("--scenario cross-node needs --publish-url (node A; --url is node B)");
      }
      return new Options(scenario, transport, url, publishUrl == null ? url : publishUrl, n, rate, deliveryRate,
          duration, warmup, drain, size, secret, serverPid, memberPid, connectRate, timeout, probeIntervalMs,
          pingIntervalMs, eventLoops, replayCount, label, json);
    }

    private static URI url(String name, String value) {
      try {
        URI uri = URI.create(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!Arrays.asList("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
          throw new IllegalArgumentException("scheme");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " = \"" + value + "\" (expected http(s):// or ws(s):// host, port and"
            + " the bridge's path, e.g. http://127.0.0.1:8080/eventbus)");
      }
    }

    private static double positive(String name, String value) {
      double d = number(name, value, 0, Double.MAX_VALUE);
      if (d <= 0) {
        throw new IllegalArgumentException(name + " = " + value + " (expected a number above 0)");
      }
      return d;
    }

    private static double number(String name, String value, double min, double max) {
      double d;
      try {
        d = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " = \"" + value + "\" (expected a number)");
      }
      if (!(d >= min && d <= max)) {
        throw new IllegalArgumentException(name + " = " + value + " (expected a number from " + fmt(min) + " to "
            + fmt(max) + ")");
      }
      return d;
    }

    private static String fmt(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
  }
}
