package dev.switchboard.history;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: for each store (memory, hazelcast, redis, postgres) over a two-member cluster (history on one member,
 * the requester on the other, as a broadcaster or bridge would be): appends at 1,000 events per second (into 50
 * rooms, 1 KB envelopes), then replay of the last 100 events of a 1,000-event room at 200 reconnects per second.
 * Prints p50/p99/max of each. Redis and PostgreSQL are started for the run like the tests start them.
 * Run: {@code mvn -q -B -pl verticles/history -am test-compile}, then {@code java -cp} the test classpath
 * {@code dev.switchboard.history.ReplayBenchmark [seconds] [stores...]}.
 */
public final class ReplayBenchmark {

  private ReplayBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<String> stores = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : List.of("memory", "hazelcast", "redis", "postgres");
    try (RedisServer redis = stores.contains("redis") ? RedisServer.start(false) : null;
         PostgresServer postgres = stores.contains("postgres") ? PostgresServer.start() : null) {
      for (String store : stores) {
        JsonObject history = new JsonObject().put("store", store);
        if (redis != null) {
          history.put("redis", new JsonObject().put("connectionString", redis.connectionString()));
        }
        if (postgres != null) {
          history.put("postgres", new JsonObject().put("connectionString", postgres.connectionString()));
        }
        run(history, seconds);
      }
    }
    System.exit(0);
  }

  private static void run(JsonObject historyStore, int seconds) throws Exception {
    String store = historyStore.getString("store");
    String cluster = "sb-bench-" + UUID.randomUUID().toString().substring(0, 8);
    int p1 = LoopbackPorts.free();
    int p2 = LoopbackPorts.free();
    JsonObject historyConfig = config(cluster, "h", p1, p2, historyStore);
    Vertx history = node(historyConfig);
    Vertx requester = node(config(cluster, "r", p2, p1, historyStore));
    Futures.get(history.deployVerticle(new HistoryVerticle(), new DeploymentOptions().setConfig(historyConfig)), Duration.ofSeconds(120));
    String run = UUID.randomUUID().toString().substring(0, 8);
    appends(requester, run, 2);
    long[] appendLatencies = appends(requester, run, seconds);
    Arrays.sort(appendLatencies);
    System.out.printf("store %-9s appends %5d at 1000/s into 50 rooms: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        store, appendLatencies.length, appendLatencies[appendLatencies.length / 2] / 1e6,
        appendLatencies[(int) (appendLatencies.length * 0.99)] / 1e6, appendLatencies[appendLatencies.length - 1] / 1e6);
    String room = "project:bench-" + run;
    for (int i = 1; i <= 1000; i++) {
      String id = "e" + i;
      long ts = System.currentTimeMillis();
      String envelope = Envelope.text(id, room, "bench.event", new JsonObject().put("n", i).put("text", "x".repeat(100)).encode(),
          ts, "h", null);
      Futures.get(requester.eventBus().request(Addresses.HISTORY_APPEND, new AppendRequest(room, id, ts, envelope).toJson()), Duration.ofSeconds(120));
    }
    // warm-up, then the measured run
    measure(requester, room, 5);
    long[] latencies = measure(requester, room, seconds);
    Arrays.sort(latencies);
    System.out.printf("store %-9s replays %5d at 200/s, last 100 of 1000 events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        store, latencies.length, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
        latencies[latencies.length - 1] / 1e6);
    Futures.get(requester.close(), Duration.ofSeconds(120));
    Futures.get(history.close(), Duration.ofSeconds(120));
  }

  private static long[] measure(Vertx requester, String room, int seconds) throws Exception {
    int total = seconds * 200;
    long[] latencies = new long[total];
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime();
    JsonObject body = new JsonObject().put("room", room).put("since", 900).put("limit", 100);
    requester.setPeriodic(1, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) / 5_000_000 + 1);
      while (sent.get() < due) {
        int i = sent.getAndIncrement();
        long began = System.nanoTime();
        requester.eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY, body).onComplete(r -> {
          if (r.failed() || r.result().body().getJsonArray("events").size() != 100) {
            finished.tryFail(r.failed() ? r.cause() : new IllegalStateException("wrong slice"));
          }
          latencies[i] = System.nanoTime() - began;
          if (done.incrementAndGet() == total) {
            finished.tryComplete();
          }
        });
      }
      if (sent.get() >= total) {
        requester.cancelTimer(timer);
      }
    });
    Futures.get(finished.future(), Duration.ofSeconds(120));
    return latencies;
  }

  /** Appends at 1,000 per second, round-robin over 50 rooms, for {@code seconds}; the latency of each. */
  private static long[] appends(Vertx requester, String run, int seconds) throws Exception {
    int total = seconds * 1000;
    long[] latencies = new long[total];
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    String data = new JsonObject().put("text", "x".repeat(800)).encode();
    long start = System.nanoTime();
    requester.setPeriodic(1, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) / 1_000_000 + 1);
      while (sent.get() < due) {
        int i = sent.getAndIncrement();
        String room = "project:a" + run + "-" + (i % 50);
        String id = "a" + UUID.randomUUID();
        long ts = System.currentTimeMillis();
        String envelope = Envelope.text(id, room, "bench.event", data, ts, "r", null);
        long began = System.nanoTime();
        requester.eventBus().request(Addresses.HISTORY_APPEND, new AppendRequest(room, id, ts, envelope).toJson())
            .onComplete(r -> {
              if (r.failed()) {
                finished.tryFail(r.cause());
              }
              latencies[i] = System.nanoTime() - began;
              if (done.incrementAndGet() == total) {
                finished.tryComplete();
              }
            });
      }
      if (sent.get() >= total) {
        requester.cancelTimer(timer);
      }
    });
    Futures.get(finished.future(), Duration.ofSeconds(120));
    return latencies;
  }

  private static JsonObject config(String cluster, String name, int port, int other, JsonObject history) {
    return ConfigSchema.merge(ConfigSchema.defaults(), new JsonObject()
        .put("node", new JsonObject().put("name", name))
        .put("cluster", new JsonObject().put("name", cluster).put("port", port)
            .put("members", new JsonArray(List.of("127.0.0.1:" + port, "127.0.0.1:" + other))))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", "bench-secret-0123456789abcdef")))
        .put("history", history));
  }

  private static Vertx node(JsonObject json) throws Exception {
    System.setProperty("hazelcast.logging.type", "slf4j");
    SwitchboardConfig config = SwitchboardConfig.fromJson(json);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    return Futures.get(Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(config.cluster())))
        .buildClustered(), Duration.ofSeconds(120));
  }


}
