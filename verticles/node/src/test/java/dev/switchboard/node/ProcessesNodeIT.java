package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.config.ConfigSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a node with the processes role")
class ProcessesNodeIT {

  private SwitchboardNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName("runs an allowed command over the bus and shows it in /metrics")
  void runsProcessesAndReportsMetrics() throws Exception {
    int clusterPort = LoopbackPorts.free();
    int managementPort = LoopbackPorts.free();
    JsonObject config = ConfigSchema.defaults();
    ConfigSchema.put(config, "node.name", "it-processes");
    ConfigSchema.put(config, "node.roles", new JsonArray().add("processes"));
    ConfigSchema.put(config, "cluster.name", "sb-it-" + UUID.randomUUID());
    ConfigSchema.put(config, "cluster.port", clusterPort);
    ConfigSchema.put(config, "cluster.members", new JsonArray().add("127.0.0.1:" + clusterPort));
    ConfigSchema.put(config, "management.port", managementPort);
    ConfigSchema.put(config, "http.port", LoopbackPorts.free());
    ConfigSchema.put(config, "processes.commands", new JsonObject().put("echo",
        new JsonObject().put("path", "/bin/echo").put("args", new JsonArray().add("[a-z]+"))));
    node = new SwitchboardNode(config).start().await(60, TimeUnit.SECONDS);

    JsonObject record = node.vertx().eventBus().<JsonObject>request(Addresses.PROCESSES_START,
        new JsonObject().put("command", "echo").put("args", new JsonArray().add("hello"))).await(10, TimeUnit.SECONDS).body();
    assertThat(record.getString("node")).isEqualTo("it-processes");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String state = record.getString("state");
    while (!"exited".equals(state) && System.nanoTime() < deadline) {
      state = node.vertx().eventBus().<JsonObject>request(Addresses.PROCESSES_GET, new JsonObject().put("id", record.getString("id")))
          .await(10, TimeUnit.SECONDS).body().getString("state");
    }
    assertThat(state).isEqualTo("exited");

    WebClient client = WebClient.create(node.vertx());
    String metrics = client.get(managementPort, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(metrics).contains("switchboard_processes_running").contains("switchboard_process_starts_total{result=\"started\"} 1.0");
    client.close();
  }
}
