package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import dev.switchboard.testkit.Poll;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("restart policies with real processes")
class ProcessRestartTest {

  private BroadcastRecorder events;

  @BeforeEach
  void deploy(Vertx vertx) {
    events = BroadcastRecorder.register(vertx).await();
    JsonObject commands = TestNodes.commands()
        .put("flaky", new JsonObject().put("path", "/bin/sh").put("args", new JsonArray().add("-c").add(".*"))
            .put("restart", new JsonObject().put("policy", "on-failure").put("maxRestarts", 3).put("backoffMs", 100)))
        .put("python3", new JsonObject().put("path", "/usr/bin/python3").put("args", new JsonArray().add("/[^\\x00]*\\.py")));
    TestNodes.deploy(vertx, TestNodes.config("node-r", commands, new JsonObject().put("killGraceMs", 1000)));
  }

  private JsonObject start(Vertx vertx, JsonObject request) {
    return TestNodes.request(vertx, Addresses.PROCESSES_START, request);
  }

  private JsonObject get(Vertx vertx, String id) {
    return TestNodes.request(vertx, Addresses.PROCESSES_GET, new JsonObject().put("id", id));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("exit 1 under the command's on-failure default: 3 restarts with growing delays, then crashloop")
  void crashLoops(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "flaky").put("args", new JsonArray().add("-c")
        .add("echo 'Error: cannot find module ./config' >&2; exit 1"))).getString("id");

    JsonObject crashloop = events.await(id, ProcessEventTypes.CRASHLOOP, 30_000);

    assertThat(events.ofType(ProcessEventTypes.RESTARTING)).extracting(e -> e.getString("room"))
        .containsOnly("process:" + id, "processes").hasSize(6);
    List<JsonObject> once = events.ofType(ProcessEventTypes.RESTARTING).stream()
        .filter(e -> e.getString("room").equals("process:" + id)).map(e -> e.getJsonObject("data")).toList();
    assertThat(once).allSatisfy(r -> assertThat(r.fieldNames())
        .containsExactlyInAnyOrder("processId", "restarts", "nextRestartAt", "delayMs"));
    assertThat(once).extracting(r -> r.getInteger("restarts")).containsExactly(1, 2, 3);
    List<Long> delays = once.stream().map(r -> r.getLong("delayMs")).toList();
    assertThat(delays.get(0)).isBetween(100L, 124L);
    assertThat(delays).as("each wait longer than the one before").isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates();
    List<Instant> next = once.stream().map(r -> Instant.parse(r.getString("nextRestartAt"))).toList();
    assertThat(next).isSorted().doesNotHaveDuplicates();
    assertThat(events.about(id, ProcessEventTypes.STARTED)).hasSize(4);
    assertThat(events.about(id, ProcessEventTypes.EXITED)).hasSize(4)
        .allSatisfy(exited -> assertThat(exited.getInteger("exitCode")).isEqualTo(1));

    assertThat(crashloop.getInteger("restarts")).isEqualTo(3);
    assertThat(crashloop.getInteger("exitCode")).isEqualTo(1);
    assertThat(crashloop.getString("reason")).contains("maxRestarts 3");
    assertThat(events.ofType(ProcessEventTypes.CRASHLOOP)).extracting(e -> e.getString("room"))
        .containsExactlyInAnyOrder("errors", "processes");
    JsonObject record = get(vertx, id);
    assertThat(record.getString("state")).isEqualTo("crashloop");
    assertThat(record.getInteger("restarts")).isEqualTo(3);
    assertThat(record.containsKey("nextRestartAt")).isFalse();
    assertThat(record.getString("reason")).contains("maxRestarts 3");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a Python file with a syntax error is failed after its first run, not restarted")
  void syntaxErrorFails(Vertx vertx) throws URISyntaxException {
    String script = Path.of(getClass().getResource("/programs/syntax_error.py").toURI()).toString();
    String id = start(vertx, new JsonObject().put("command", "python3").put("args", new JsonArray().add(script))
        .put("restart", new JsonObject().put("policy", "on-failure").put("maxRestarts", 5).put("backoffMs", 50)))
        .getString("id");

    JsonObject failed = events.await(id, ProcessEventTypes.FAILED, 30_000);

    assertThat(failed.getString("reason")).contains("compilation").contains("SyntaxError");
    assertThat(failed.getJsonObject("error").getString("category")).isEqualTo("compilation");
    assertThat(failed.getJsonObject("error").getString("language")).isEqualTo("python");
    assertThat(events.about(id, ProcessEventTypes.STARTED)).hasSize(1);
    assertThat(events.about(id, ProcessEventTypes.RESTARTING)).isEmpty();
    JsonObject record = get(vertx, id);
    assertThat(record.getString("state")).isEqualTo("failed");
    assertThat(record.getInteger("restarts")).isZero();
    assertThat(record.getInteger("exitCode")).isEqualTo(1);
    assertThat(record.getString("reason")).contains("SyntaxError");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("always restarts a program that exits 0; when its restarts are used up it ends as exited")
  void alwaysRestartsCleanExits(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "echo").put("args", new JsonArray().add("hi"))
        .put("restart", new JsonObject().put("policy", "always").put("maxRestarts", 2).put("backoffMs", 50)))
        .getString("id");

    JsonObject ended = Poll.until(() -> {
      JsonObject record = get(vertx, id);
      return "exited".equals(record.getString("state")) && !record.containsKey("nextRestartAt")
          && record.getInteger("restarts") == 2 ? record : null;
    }, 30_000, "the last run to end");

    assertThat(ended.getInteger("exitCode")).isZero();
    assertThat(events.about(id, ProcessEventTypes.STARTED)).hasSize(3);
    assertThat(events.about(id, ProcessEventTypes.EXITED)).hasSize(3);
    assertThat(events.about(id, ProcessEventTypes.OUTPUT)).extracting(o -> o.getLong("n"))
        .as("lines are numbered across runs").containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(events.about(id, ProcessEventTypes.CRASHLOOP)).isEmpty();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a stop during the backoff answers the record as stopped and no further run starts")
  void stopDuringBackoff(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "flaky").put("args", new JsonArray().add("-c").add("exit 7"))
        .put("restart", new JsonObject().put("backoffMs", 600_000))).getString("id");
    JsonObject restarting = events.await(id, ProcessEventTypes.RESTARTING, 30_000);
    assertThat(restarting.getInteger("restarts")).isEqualTo(1);
    JsonObject pending = get(vertx, id);
    assertThat(pending.getString("state")).isEqualTo("exited");
    assertThat(pending.getString("nextRestartAt")).isEqualTo(restarting.getString("nextRestartAt"));

    JsonObject stopped = TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id));

    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getInteger("exitCode")).isEqualTo(7);
    assertThat(stopped.containsKey("nextRestartAt")).isFalse();
    assertThat(events.await(id, ProcessEventTypes.STOPPED, 5_000).getInteger("exitCode")).isEqualTo(7);
    assertThat(get(vertx, id).getString("state")).isEqualTo("stopped");
    assertThat(TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id)).getString("state"))
        .as("a second stop answers the same record").isEqualTo("stopped");
    assertThat(events.about(id, ProcessEventTypes.STARTED)).hasSize(1);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a bad restart field is refused with 400 naming it")
  void refusesBadPolicies(Vertx vertx) {
    Map<String, JsonObject> badByField = Map.of(
        "restart.policy", new JsonObject().put("policy", "sometimes"),
        "restart.maxRestarts", new JsonObject().put("maxRestarts", -1),
        "restart.backoffMs", new JsonObject().put("backoffMs", "1s"),
        "restart.maxBackoffMs", new JsonObject().put("backoffMs", 500).put("maxBackoffMs", 100),
        "restart.anyNode", new JsonObject().put("anyNode", "yes"),
        "restart.retries", new JsonObject().put("retries", 3));
    badByField.forEach((field, bad) -> {
      var refused = TestNodes.failure(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "echo")
          .put("restart", bad));
      assertThat(refused.failureCode()).as(bad.encode()).isEqualTo(400);
      assertThat(refused.getMessage()).as(bad.encode()).contains(field);
    });
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "echo")
        .put("restart", "always")).failureCode()).isEqualTo(400);
  }
}
