package dev.switchboard.loadgen;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What every scenario of one run shares: the options, the event loops clients are spread over, one WebSocket
 * client, tokens, the run's id (in room names and users), the payload padding, counters and the meter.
 */
final class LoadRun {

  private static final Logger LOG = LoggerFactory.getLogger("loadgen");
  /** {@code {"seq":…,"t":…,"pad":""}} with typical numbers: the padding makes {@code data} about --size bytes. */
  private static final int DATA_WITHOUT_PAD = "{\"seq\":100000,\"t\":12345678901,\"pad\":\"\"}".length();

  final Vertx vertx;
  final Options options;
  final List<Context> loops;
  final Tokens tokens;
  final String runId;
  final String pad;
  final RunStats stats = new RunStats();
  final LongAdder probePublishes = new LongAdder();
  final Meter meter;
  private final WebSocketClient sockets;

  private LoadRun(Vertx vertx, Options options, List<Context> loops, Meter meter) {
    this.vertx = vertx;
    this.options = options;
    this.loops = loops;
    this.meter = meter;
    this.tokens = new Tokens(options.secret(), 6 * 3600);
    this.runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    this.pad = "x".repeat(Math.max(0, options.size() - DATA_WITHOUT_PAD));
    // the client is kept here for the whole run: Vert.x closes a client nobody references any more
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(Integer.MAX_VALUE)
        .setMaxFrameSize(16 * 1024 * 1024)
        .setMaxMessageSize(64 * 1024 * 1024)
        .setConnectTimeout((int) Math.max(15_000, options.timeout() * 1000))
        .setTryUsePerMessageCompression(false)
        .setTryUsePerFrameCompression(false));
  }

  /** Starts one context per event loop (a tiny verticle each) and the meters. */
  static Future<LoadRun> start(Vertx vertx, Options options, ProcStat proc, HostStalls stalls) {
    List<Context> loops = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            loops.add(context);
            return Future.succeededFuture();
          }
        }, new DeploymentOptions().setInstances(options.eventLoops()))
        .map(id -> {
          List<Context> all = List.copyOf(loops);
          Meter meter = new Meter(vertx, proc, options.serverPid(), options.memberPid(), new LoopLag(all), stalls);
          return new LoadRun(vertx, options, all, meter);
        });
  }

  /** Client {@code i} on its event loop ({@code i} modulo the loops), connecting to {@code url} with {@code token}. */
  BridgeClient client(long i, URI url, String token) {
    Context loop = loops.get((int) Math.floorMod(i, (long) loops.size()));
    return new BridgeClient(loop, sockets, options.transport(), url, token, options.pingIntervalMs(),
        (long) Math.max(15_000, options.timeout() * 1000), pad, stats);
  }

  /** A token for client {@code i} (user {@code bench-<run>-<i>}) allowed into {@code room} ({@code project:<id>}). */
  String tokenFor(long i, String room) {
    List<String> projects = room == null ? List.of() : List.of(room.substring(room.indexOf(':') + 1));
    return tokens.token("bench-" + runId + "-" + i, projects);
  }

  Future<Void> delay(long ms) {
    return ms <= 0 ? Future.succeededFuture() : vertx.timer(ms).mapEmpty();
  }

  /**
   * Completes with true as soon as {@code condition} holds (checked every {@code everyMs}), with false after
   * {@code timeoutMs}.
   */
  Future<Boolean> until(BooleanSupplier condition, long timeoutMs, long everyMs) {
    if (condition.getAsBoolean()) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> result = Promise.promise();
    long deadline = Clock.nowUs() + timeoutMs * 1000;
    vertx.setPeriodic(everyMs, id -> {
      boolean holds = condition.getAsBoolean();
      if (holds || Clock.nowUs() >= deadline) {
        vertx.cancelTimer(id);
        result.tryComplete(holds);
      }
    });
    return result.future();
  }

  /** Closes the clients and waits (at most 5 s) for their close handshakes. */
  Future<Void> closeAll(Collection<BridgeClient> clients) {
    List<Future<Void>> closes = new ArrayList<>(clients.size());
    for (BridgeClient client : clients) {
      closes.add(client.close());
    }
    Future<Void> all = Future.join(closes).mapEmpty();
    return Future.any(all, delay(5000)).mapEmpty();
  }

  void log(String message, Object... args) {
    LOG.info("[" + options.scenario().wireName() + "/" + options.transport().wireName() + "] " + message, args);
  }
}
