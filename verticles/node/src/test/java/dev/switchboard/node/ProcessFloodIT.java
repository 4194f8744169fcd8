package dev.switchboard.node;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20 processes printing 10,000 lines a second each for 10 s on a node with the real broadcaster and history: every
 * lifecycle event of every process, the chatty ones and 20 quiet ones started during the flood, is stored in the
 * room {@code processes} exactly once (read back from history), whatever the output costs.
 */
@Tag("faults")
@DisplayName("an output flood never costs a process its lifecycle events")
class ProcessFloodIT {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessFloodIT.class);
  private static final int FLOODS = 20;
  private static final int LINES_PER_SECOND = 10_000;
  private static final int SECONDS = 10;
  private static final int QUIET = 20;

  private SwitchboardNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  @DisplayName("20 × 10,000 lines/s for 10 s: every started and exited of 40 processes stored once, drops counted")
  void floodKeepsLifecycleEvents() throws Exception {
    int port = LoopbackPorts.free();
    String flood = Path.of(getClass().getResource("/programs/flood.py").toURI()).toString();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "flood", port, List.of(port),
            "history", "broadcaster", "processes")
        .put("processes", new JsonObject().put("maxPerNode", 50).put("commands", new JsonObject()
            .put("flood", new JsonObject().put("path", "/usr/bin/python3")
                .put("args", new JsonArray().add(java.util.regex.Pattern.quote(flood)).add("[0-9]{1,6}")))
            .put("quiet", new JsonObject().put("path", "/bin/sh").put("args", new JsonArray().add("-c").add(".*")))));
    node = new SwitchboardNode(config);
    node.start().await(60, TimeUnit.SECONDS);

    long began = System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < FLOODS; i++) {
      ids.add(start(new JsonObject().put("command", "flood").put("args", new JsonArray().add(flood)
          .add(String.valueOf(LINES_PER_SECOND)).add(String.valueOf(SECONDS)))));
    }
    for (int i = 0; i < QUIET; i++) {
      ids.add(start(new JsonObject().put("command", "quiet").put("args", new JsonArray().add("-c")
          .add("sleep 0." + (i % 10) + "; exit " + (i % 3)))));
    }

    Map<String, Map<String, Integer>> counts = Poll.until(() -> {
      Map<String, Map<String, Integer>> seen = lifecycleCounts();
      return ids.stream().allMatch(id -> seen.getOrDefault(id, Map.of()).containsKey(ProcessEventTypes.EXITED))
          ? seen : null;
    }, 180_000, "every exited in history");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

    for (String id : ids) {
      assertThat(counts.get(id)).as(id).containsEntry(ProcessEventTypes.STARTED, 1)
          .containsEntry(ProcessEventTypes.EXITED, 1);
    }
    String metricsUrl = "http://127.0.0.1:" + config.getJsonObject("management").getInteger("port") + "/metrics";
    long dropped = Poll.until(() -> {
      long reported = ids.subList(0, FLOODS).stream().mapToLong(this::lastDropped).sum();
      String metrics = TestClusters.get(metricsUrl).body();
      return reported == metric(metrics, "switchboard_process_output_dropped_total")
          && metric(metrics, "switchboard_process_events_pending") == 0 ? reported : null;
    }, 60_000, "the floods' last output_truncated counts to add up to the node's dropped lines");
    String metrics = TestClusters.get(metricsUrl).body();
    LOG.info("flood done [processes: {}, lines: {}, droppedLines: {}, secondsToLastExited: {}, metrics: {}]", ids.size(),
        (long) FLOODS * LINES_PER_SECOND * SECONDS, dropped, seconds, metrics.lines()
            .filter(l -> l.startsWith("switchboard_process_") || l.startsWith("switchboard_events_published_total"))
            .toList());
    assertThat(dropped).as("a flood of 2,000,000 lines is not all stored at processes.publishPerSecond").isPositive();
  }

  private static long metric(String metrics, String sample) {
    return metrics.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
        .map(l -> (long) Double.parseDouble(l.substring(sample.length() + 1).trim())).orElse(-1L);
  }

  private String start(JsonObject request) throws Exception {
    return node.vertx().eventBus().<JsonObject>request(Addresses.PROCESSES_START, request)
        .await(30, TimeUnit.SECONDS).body().getString("id");
  }

  /** Per process id, how many events of each lifecycle type the room {@code processes} holds. */
  private Map<String, Map<String, Integer>> lifecycleCounts() {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    for (JsonObject event : replay(ProcessEventTypes.ROOM_PROCESSES)) {
      String id = event.getJsonObject("data").getString("processId");
      counts.computeIfAbsent(id, k -> new HashMap<>()).merge(event.getString("type"), 1, Integer::sum);
    }
    return counts;
  }

  /** The last {@code dropped} a flood reported (its room keeps its newest events). */
  private long lastDropped(String id) {
    return replay(ProcessEventTypes.processRoom(id)).stream()
        .filter(e -> ProcessEventTypes.OUTPUT_TRUNCATED.equals(e.getString("type")))
        .mapToLong(e -> e.getJsonObject("data").getLong("dropped")).max().orElse(0);
  }

  private List<JsonObject> replay(String room) {
    List<JsonObject> events = new ArrayList<>();
    long since = 0;
    while (true) {
      JsonObject reply;
      try {
        reply = node.vertx().eventBus().<JsonObject>request(Addresses.HISTORY_REPLAY, new JsonObject().put("room", room)
            .put("since", since).put("limit", 1000)).await(30, TimeUnit.SECONDS).body();
      } catch (Exception e) {
        throw new AssertionError("replay of " + room + " failed", e);
      }
      JsonArray page = reply.getJsonArray("events");
      page.forEach(e -> events.add((JsonObject) e));
      if (!reply.getBoolean("more", false) || page.isEmpty()) {
        return events;
      }
      since = page.getJsonObject(page.size() - 1).getLong("offset");
    }
  }
}
