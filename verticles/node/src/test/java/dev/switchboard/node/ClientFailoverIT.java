package dev.switchboard.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18: the client library across a node loss. Two node JVMs from the fat jar: n1 (bridge, broadcaster) where
 * the subscriber is, n2 (history, broadcaster, bridge) through which a publisher publishes 100 events a second. Once
 * events flow, n1 gets {@code kill -9}; the library moves to n2 and registers again with {@code {since, epoch}}. The
 * handler must have seen every acknowledged event exactly once, in offset order — in Node and in headless Chromium.
 */
@Tag("faults")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClientFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClientFailoverIT.class);
  private static final int PER_SECOND = 100;

  @TempDir
  Path dir;

  private FaultRig rig;

  @AfterEach
  void tearDown() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  @DisplayName("Node: kill -9 of the subscriber's node at 100 events/s: the handler sees every event once, in order, on the other node")
  void nodeLossInNode() throws Exception {
    failover("client-lib.cjs", "failover-node");
  }

  @Test
  @DisplayName("Chromium: the same with the library in a page")
  void nodeLossInChromium() throws Exception {
    failover("client-browser.mjs", "failover-browser");
  }

  private void failover(String script, String label) throws Exception {
    NodeCluster cluster = NodeCluster.of(dir, label, 2, NodeCluster.faultConfig("memory"));
    rig = new FaultRig(cluster, 10);
    NodeProcess victim = cluster.start(0, "bridge,broadcaster");
    NodeProcess survivor = cluster.start(1, "history,broadcaster,bridge");
    cluster.awaitMembers(Duration.ofSeconds(120), cluster.nodes());
    String victimUrl = "http://127.0.0.1:" + victim.httpPort + "/eventbus";
    String survivorUrl = "http://127.0.0.1:" + survivor.httpPort + "/eventbus";
    JsonObject options = new JsonObject().put("urls", new JsonArray().add(victimUrl).add(survivorUrl))
        .put("publishUrl", survivorUrl).put("token", rig.token("failover")).put("room", "project:failover")
        .put("perSecond", PER_SECOND).put("afterMs", 3000).put("timeoutMs", 120_000);

    JsonObject result;
    try (JsClients.Running running = JsClients.start(List.of(script, "failover"), Map.of("SB_OPTIONS", options.encode()))) {
      JsonObject ready = running.awaitProgress("ready", Duration.ofSeconds(90));
      assertThat(ready.getString("url")).isEqualTo(victimUrl);
      victim.kill();
      LOG.info("killed {} (pid {}) with SIGKILL [events received before: {}]", victim.name, victim.pid(), ready.getInteger("received"));
      JsonObject moved = running.awaitProgress("moved", Duration.ofSeconds(60));
      assertThat(moved.getString("moved")).isEqualTo(survivorUrl);
      result = running.result(Duration.ofSeconds(120));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + cluster.logs(), e);
    }
    if (result.containsKey("result")) {
      assertThat(result.getJsonArray("consoleErrors")).isEmpty();
      result = result.getJsonObject("result");
    }

    List<JsonArray> received = result.getJsonArray("received").stream().map(JsonArray.class::cast).toList();
    List<JsonArray> acked = new ArrayList<>(result.getJsonArray("acked").stream().map(JsonArray.class::cast).toList());
    acked.sort(Comparator.comparing(a -> a.getLong(0)));
    LOG.info("client failover [{}: issued {}, acknowledged {}, received {}, duplicates dropped by the library {}, publish failures {}, states {}]",
        label, result.getInteger("issued"), acked.size(), received.size(), result.getInteger("duplicatesDropped"),
        result.getJsonArray("failed").size(), result.getJsonArray("states"));

    assertThat(result.getJsonArray("failed")).isEmpty();
    assertThat(result.getJsonArray("resets")).as("no recovery notice: nothing was lost").isEmpty();
    long newest = acked.get(acked.size() - 1).getLong(0);
    assertThat(received.stream().map(e -> e.getLong(0)).toList()).as("every offset once, in order")
        .isEqualTo(IntStream.rangeClosed(1, (int) newest).mapToObj(Long::valueOf).toList());
    assertThat(received.stream().map(e -> e.getString(2)).toList()).as("the acknowledged ids in offset order")
        .isEqualTo(acked.stream().map(a -> a.getString(2)).toList());
    List<String> states = result.getJsonArray("states").stream().map(s -> ((JsonObject) s).getString("state")).toList();
    assertThat(states).containsSubsequence("open", "reconnecting", "connecting", "open");
    JsonObject lastOpen = result.getJsonArray("states").stream().map(JsonObject.class::cast)
        .filter(s -> "open".equals(s.getString("state"))).reduce((a, b) -> b).orElseThrow();
    assertThat(lastOpen.getString("url")).isEqualTo(survivorUrl);
  }
}
