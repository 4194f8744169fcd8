package dev.switchboard.history;

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
 * Not a test: replay of the last 100 events of a 1,000-event room at 200 reconnects per second, for each store, over
 * a two-member cluster (history on one member, the requester on the other, as a bridge would be). Prints p50/p99/max.
 * Run: see the class's report in the rooms branch (mvn test-compile, then java -cp with the test classpath).
 */
public final class ReplayBenchmark {

  private ReplayBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    for (String store : List.of("memory", "hazelcast")) {
      run(store, seconds);
    }
    System.exit(0);
  }

  private static void run(String store, int seconds) throws Exception {
    String cluster = "sb-bench-" + UUID.randomUUID().toString().substring(0, 8);
    int p1 = TestHazelcast.freePort();
    int p2 = TestHazelcast.freePort();
    JsonObject historyConfig = config(cluster, "h", p1, p2, store);
    Vertx history = node(historyConfig);
    Vertx requester = node(config(cluster, "r", p2, p1, store));
    get(history.deployVerticle(new HistoryVerticle(), new DeploymentOptions().setConfig(historyConfig)));
    String room = "project:bench";
    for (int i = 1; i <= 1000; i++) {
      String id = "e" + i;
      long ts = System.currentTimeMillis();
      String envelope = Envelope.text(id, room, "bench.event", new JsonObject().put("n", i).put("text", "x".repeat(100)).encode(),
          ts, "h", null);
      get(requester.eventBus().request(Addresses.HISTORY_APPEND, new AppendRequest(room, id, ts, envelope).toJson()));
    }
    // warm-up, then the measured run
    measure(requester, room, 5);
    long[] latencies = measure(requester, room, seconds);
    Arrays.sort(latencies);
    System.out.printf("store %-9s replays %5d at 200/s, last 100 of 1000 events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        store, latencies.length, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
        latencies[latencies.length - 1] / 1e6);
    get(requester.close());
    get(history.close());
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
    get(finished.future());
    return latencies;
  }

  private static JsonObject config(String cluster, String name, int port, int other, String store) {
    return ConfigSchema.merge(ConfigSchema.defaults(), new JsonObject()
        .put("node", new JsonObject().put("name", name))
        .put("cluster", new JsonObject().put("name", cluster).put("port", port)
            .put("members", new JsonArray(List.of("127.0.0.1:" + port, "127.0.0.1:" + other))))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", "bench-secret-0123456789abcdef")))
        .put("history", new JsonObject().put("store", store)));
  }

  private static Vertx node(JsonObject json) throws Exception {
    System.setProperty("hazelcast.logging.type", "slf4j");
    SwitchboardConfig config = SwitchboardConfig.fromJson(json);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    return get(Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(config.cluster())))
        .buildClustered());
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

}
