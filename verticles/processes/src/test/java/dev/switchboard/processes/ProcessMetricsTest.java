package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("metrics in the node's registry")
class ProcessMetricsTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("running gauge, starts by result and errors by category and language are counted")
  void countsStartsRunningAndErrors() throws Exception {
    // as the node does: its registry is known to Vert.x as switchboard-<node name>
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setRegistryName("switchboard-metered")))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    BroadcastRecorder events = BroadcastRecorder.register(vertx).await();
    TestNodes.deploy(vertx, TestNodes.config("metered", TestNodes.commands(), new JsonObject()));

    String sleeping = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30"))).getString("id");
    assertThat(registry.get("switchboard.processes.running").gauge().value()).isEqualTo(1.0);
    String failing = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add("printf 'Traceback (most recent call last):\\n  File \"/app/x.py\", line 3, in <module>\\nValueError: bad\\n' >&2; exit 1")))
        .getString("id");
    TestNodes.failure(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "rm"));

    JsonObject error = events.await(failing, ProcessEventTypes.ERROR_DETECTED, 10_000);
    assertThat(error).isEqualTo(new JsonObject().put("processId", failing).put("category", "runtime")
        .put("language", "python").put("message", "ValueError: bad").put("file", "/app/x.py").put("line", 3)
        .put("excerpt", new JsonArray().add("Traceback (most recent call last):")
            .add("  File \"/app/x.py\", line 3, in <module>").add("ValueError: bad")));
    assertThat(events.ofType(ProcessEventTypes.ERROR_DETECTED).get(0).getString("room")).isEqualTo("errors");
    TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", sleeping));
    events.await(failing, ProcessEventTypes.EXITED, 10_000);

    assertThat(registry.get("switchboard.process.starts").tag("result", "started").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("switchboard.process.starts").tag("result", "rejected").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("switchboard.process.errors").tags("category", "runtime", "language", "python").counter()
        .count()).isEqualTo(1.0);
    Poll.until(() -> registry.get("switchboard.processes.running").gauge().value() == 0.0, 5_000, "no process running");
  }
}
