package dev.switchboard.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar switchboard-loadgen.jar --scenario NAME [options]}: runs one scenario against a Switchboard
 * bridge and prints a human summary on stderr and, with {@code --json}, one JSON line with every figure on stdout
 * (stdout is this tool's interface, hence the streams rather than a logger). Exit 0 when the run completed, 1 when
 * it could not, 2 for bad options.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(Options.usage());
        return 0;
      }
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("switchboard-loadgen: " + e.getMessage());
      return 2;
    }
    ProcStat proc = ProcStat.create();
    HostStalls stalls = new HostStalls().start();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()).setWorkerPoolSize(2));
    try {
      JsonObject result = LoadRun.start(vertx, options, proc, stalls)
          .compose(run -> Scenario.of(run).run().map(figures -> result(options, figures, run)))
          .toCompletionStage().toCompletableFuture()
          .get(watchdogSeconds(options), TimeUnit.SECONDS);
      err.print(Report.human(result));
      err.flush();
      if (options.json()) {
        out.println(result.encode());
        out.flush();
      }
      return 0;
    } catch (ExecutionException e) {
      err.println("switchboard-loadgen: the run failed: " + e.getCause().getMessage());
      return 1;
    } catch (TimeoutException e) {
      err.println("switchboard-loadgen: the run did not end within " + watchdogSeconds(options) + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // exiting anyway
      }
    }
  }

  /** The run's settings, then its figures, then the counters every scenario shares. */
  private static JsonObject result(Options o, JsonObject figures, LoadRun run) {
    JsonObject result = new JsonObject().put("tool", "switchboard-loadgen");
    if (!o.label().isEmpty()) {
      result.put("label", o.label());
    }
    result.put("scenario", o.scenario().wireName()).put("transport", o.transport().wireName())
        .put("url", o.url().toString()).put("publishUrl", o.publishUrl().toString()).put("size", o.size())
        .put("n", o.n()).put("warmup", o.warmup()).put("duration", o.duration()).put("eventLoops", o.eventLoops());
    figures.forEach(e -> result.put(e.getKey(), e.getValue()));
    return result.put("errors", run.stats.errors()).put("errorSamples", run.stats.errorSamples())
        .put("closedAfterSetup", run.stats.closedAfterSetup())
        .put("closeReasons", run.stats.closeReasons()).put("at", Instant.now().toString());
  }

  /** A bound on a whole run, so a run that hangs ends: generous, from its own phases. */
  private static long watchdogSeconds(Options o) {
    double setup = o.n() / o.connectRate() + o.n() / Math.max(1, o.effectiveRate()) + 60;
    return (long) (300 + 3 * (o.warmup() + o.duration() + o.drain() + setup));
  }
}
