package dev.switchboard.history;

import dev.switchboard.testkit.Futures;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.health.HealthCheck;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a durable store (redis, postgres) promises beyond the recovery table, through the history verticle: a node
 * restart keeps the epoch and continues the offsets; a server outage fails publishes fast with 503, turns the node's
 * readiness DOWN naming the store, loses nothing acknowledged, and publishing resumes by itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class DurableStoreContract {

  /** The {@code history} config of a node on this store's test server. */
  abstract JsonObject history();

  /** What the readiness message names, e.g. "redis store". */
  abstract String storeName();

  abstract void stopServer() throws Exception;

  abstract void startServer() throws Exception;

  static String room() {
    return "project:" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("a node restart (and a server restart) keeps the room's epoch and continues its offsets")
  void restart() throws Exception {
    String room = room();
    String epoch;
    try (HistoryNode node = new HistoryNode(history())) {
      for (int i = 1; i <= 3; i++) {
        assertThat(Futures.get(node.append(room, "r" + i)).getLong("offset")).isEqualTo(i);
      }
      epoch = Futures.get(node.replay(new JsonObject().put("room", room))).getString("epoch");
    }
    stopServer();
    startServer();
    try (HistoryNode node = new HistoryNode(history())) {
      JsonObject fourth = Futures.get(node.append(room, "r4"));
      assertThat(fourth.getLong("offset")).isEqualTo(4);
      assertThat(fourth.getString("epoch")).isEqualTo(epoch);
      assertThat(Futures.get(node.append(room, "r2")).getBoolean("duplicate")).isTrue();
      JsonObject replay = Futures.get(node.replay(new JsonObject().put("room", room).put("since", 0).put("epoch", epoch)));
      assertThat(replay.getBoolean("recovered")).isTrue();
      assertThat(replay.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList())
          .containsExactly("r1", "r2", "r3", "r4");
      assertThat(node.ready().up()).isTrue();
    }
  }

  @Test
  @DisplayName("server down for 5 s under steady publishing: 503 fast, /ready DOWN naming the store, no acknowledged"
      + " event lost, publishing resumes by itself")
  void outage() throws Exception {
    String room = room();
    try (HistoryNode node = new HistoryNode(history())) {
      Map<String, Long> acknowledged = new ConcurrentHashMap<>();
      List<Integer> failureCodes = new CopyOnWriteArrayList<>();
      List<Long> failureMillis = new CopyOnWriteArrayList<>();
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger okAfterRestart = new AtomicInteger();
      Promise<Void> resumed = Promise.promise();
      boolean[] restarted = {false};
      // 50 publishes a second, each on its own (as publishers would), until 25 succeed after the server is back
      long timer = node.vertx.setPeriodic(20, t -> {
        String id = "o" + sent.incrementAndGet();
        long began = System.nanoTime();
        node.append(room, id).onSuccess(reply -> {
          acknowledged.put(id, reply.getLong("offset"));
          if (restarted[0] && okAfterRestart.incrementAndGet() >= 25) {
            resumed.tryComplete();
          }
        }).onFailure(e -> {
          failureCodes.add(BusErrors.code(e));
          failureMillis.add((System.nanoTime() - began) / 1_000_000);
        });
      });
      awaitCount("acknowledged before the outage", () -> acknowledged.size() >= 50);
      stopServer();
      long down = System.currentTimeMillis();
      awaitCount("publishes failing", () -> failureCodes.size() >= 20);
      HealthCheck ready = node.ready();
      assertThat(ready.up()).isFalse();
      assertThat(ready.message()).contains(storeName());
      Thread.sleep(Math.max(0, 5000 - (System.currentTimeMillis() - down))); // the outage itself lasts 5 s
      startServer();
      restarted[0] = true;
      Futures.get(resumed.future());
      node.vertx.cancelTimer(timer);
      assertThat(node.ready().up()).isTrue();

      assertThat(failureCodes).isNotEmpty().allMatch(code -> code == 503);
      assertThat(failureMillis).allMatch(ms -> ms < StoreLink.CALL_TIMEOUT_MS + 500);
      List<JsonObject> events = new ArrayList<>();
      long since = 0;
      JsonObject page;
      do {
        page = Futures.get(node.replay(new JsonObject().put("room", room).put("since", since).put("limit", 1000)));
        page.getJsonArray("events").forEach(e -> events.add((JsonObject) e));
        since = page.getLong("offset");
      } while (page.getBoolean("more"));
      Map<String, Long> stored = new ConcurrentHashMap<>();
      events.forEach(e -> stored.put(e.getString("id"), e.getLong("offset")));
      assertThat(stored).containsAllEntriesOf(acknowledged);
      assertThat(events.stream().map(e -> e.getLong("offset")).toList())
          .isEqualTo(RecoveryTableContract.range(1, events.size()));
    }
  }

  static void awaitCount(String what, java.util.function.BooleanSupplier condition) {
    ServerProcesses.await(what, 20_000, condition);
  }
}
