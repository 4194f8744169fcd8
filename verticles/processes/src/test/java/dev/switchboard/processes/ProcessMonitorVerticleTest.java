package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("sb.processes.* on one node")
class ProcessMonitorVerticleTest {

  private BroadcastRecorder events;

  @BeforeEach
  void deploy(Vertx vertx) {
    events = BroadcastRecorder.register(vertx).await();
    TestNodes.deploy(vertx, TestNodes.config("node-a", TestNodes.commands(),
        new JsonObject().put("maxPerNode", 3).put("killGraceMs", 1000)));
  }

  private JsonObject start(Vertx vertx, JsonObject request) {
    return TestNodes.request(vertx, Addresses.PROCESSES_START, request);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("start replies with the running record; output, exit and the final record follow")
  void startsAndStreams(Vertx vertx) {
    JsonObject record = start(vertx, new JsonObject().put("command", "echo").put("args", new JsonArray().add("hello world")));

    assertThat(record.getString("state")).isEqualTo("running");
    assertThat(record.getString("node")).isEqualTo("node-a");
    assertThat(record.getString("command")).isEqualTo("echo");
    assertThat(record.getString("name")).isEqualTo("echo");
    assertThat(record.getJsonArray("args")).containsExactly("hello world");
    assertThat(record.getLong("pid")).isPositive();
    assertThat(record.getString("startedAt")).isNotBlank();
    String id = record.getString("id");

    JsonObject exited = events.await(id, ProcessEventTypes.EXITED, 10_000);
    assertThat(exited.getInteger("exitCode")).isZero();
    assertThat(exited.getLong("durationMs")).isNotNegative();
    JsonObject line = events.await(id, ProcessEventTypes.OUTPUT, 10_000);
    assertThat(line).isEqualTo(new JsonObject().put("processId", id).put("stream", "stdout").put("line", "hello world").put("n", 1));
    assertThat(events.ofType(ProcessEventTypes.OUTPUT).get(0).getString("room")).isEqualTo("process:" + id);
    JsonObject started = events.await(id, ProcessEventTypes.STARTED, 1_000);
    assertThat(started.getString("state")).isEqualTo("running");

    JsonObject fetched = Poll.until(() -> {
      JsonObject got = TestNodes.request(vertx, Addresses.PROCESSES_GET, new JsonObject().put("id", id));
      return "exited".equals(got.getString("state")) ? got : null;
    }, 10_000, "the exited record");
    assertThat(fetched.getInteger("exitCode")).isZero();
    assertThat(fetched.getString("endedAt")).isNotBlank();
    JsonArray listed = TestNodes.request(vertx, Addresses.PROCESSES_LIST, new JsonObject()).getJsonArray("processes");
    assertThat(listed.stream().map(p -> ((JsonObject) p).getString("id"))).contains(id);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("stderr lines carry stream stderr and n counts across both streams")
  void numbersBothStreams(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add("echo one; echo two >&2; echo three"))).getString("id");

    events.await(id, ProcessEventTypes.EXITED, 10_000);
    Poll.until(() -> events.about(id, ProcessEventTypes.OUTPUT).size() == 3, 5_000, "three lines");
    List<JsonObject> lines = events.about(id, ProcessEventTypes.OUTPUT);
    assertThat(lines).extracting(l -> l.getInteger("n")).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(lines).filteredOn(l -> l.getString("line").equals("two")).singleElement()
        .satisfies(l -> assertThat(l.getString("stream")).isEqualTo("stderr"));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("stop ends the process and replies with the stopped record")
  void stops(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "sleep").put("args", new JsonArray().add("30"))).getString("id");

    JsonObject stopped = TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id));

    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getInteger("exitCode")).isEqualTo(143);
    assertThat(events.await(id, ProcessEventTypes.STOPPED, 5_000).getInteger("exitCode")).isEqualTo(143);
    assertThat(TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id)).getString("state"))
        .as("stopping an ended process answers its record").isEqualTo("stopped");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a process past its timeout is ended as timed_out with its whole tree")
  void timesOut(Vertx vertx) {
    JsonObject record = start(vertx, new JsonObject().put("command", "sh").put("timeoutMs", 300)
        .put("args", new JsonArray().add("-c").add("sleep 30 & (sleep 31 &); sleep 32")));
    long group = record.getLong("pid");
    Poll.until(() -> OsProcesses.inGroup(group).size() >= 4, 5_000, "the tree to start");

    JsonObject timedOut = events.await(record.getString("id"), ProcessEventTypes.TIMED_OUT, 10_000);

    assertThat(timedOut.getLong("durationMs")).isGreaterThanOrEqualTo(300);
    Poll.until(() -> OsProcesses.inGroup(group).isEmpty(), 5_000, "the group to be gone");
    assertThat(TestNodes.request(vertx, Addresses.PROCESSES_GET, new JsonObject().put("id", record.getString("id")))
        .getString("state")).isEqualTo("timed_out");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("refusals: unknown command 403, bad argument 400, unknown id 404, over maxPerNode 429")
  void refuses(Vertx vertx) {
    ReplyException unknown = TestNodes.failure(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "rm"));
    assertThat(unknown.failureCode()).isEqualTo(403);
    assertThat(new JsonObject(unknown.getMessage()).getString("error")).isEqualTo("forbidden");
    assertThat(new JsonObject(unknown.getMessage()).getString("message")).contains("\"rm\"");

    ReplyException badArg = TestNodes.failure(vertx, Addresses.PROCESSES_START,
        new JsonObject().put("command", "sleep").put("args", new JsonArray().add("1; rm -rf /")));
    assertThat(badArg.failureCode()).isEqualTo(400);
    assertThat(new JsonObject(badArg.getMessage()).getString("message")).contains("args[0]").contains("1; rm -rf /");

    ReplyException longer = TestNodes.failure(vertx, Addresses.PROCESSES_START,
        new JsonObject().put("command", "sleep").put("timeoutMs", 300_001));
    assertThat(longer.failureCode()).isEqualTo(400);
    assertThat(longer.getMessage()).contains("timeoutMs");

    ReplyException notFound = TestNodes.failure(vertx, Addresses.PROCESSES_GET, new JsonObject().put("id", "nope"));
    assertThat(notFound.failureCode()).isEqualTo(404);
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", "nope")).failureCode()).isEqualTo(404);
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_GET, "not json").failureCode()).isEqualTo(400);

    List<String> ids = List.of(1, 2, 3).stream().map(i -> start(vertx, new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add("30"))).getString("id")).toList();
    ReplyException limit = TestNodes.failure(vertx, Addresses.PROCESSES_START,
        new JsonObject().put("command", "sleep").put("args", new JsonArray().add("30")));
    assertThat(limit.failureCode()).isEqualTo(429);
    assertThat(new JsonObject(limit.getMessage()).getString("error")).isEqualTo("limit");
    ids.forEach(id -> TestNodes.request(vertx, Addresses.PROCESSES_STOP, new JsonObject().put("id", id).put("graceMs", 0)));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("an executable that cannot run gives a failed record and process.failed")
  void failsToStart(Vertx vertx) {
    JsonObject record = start(vertx, new JsonObject().put("command", "missing"));

    assertThat(record.getString("state")).isEqualTo("failed");
    assertThat(record.getLong("pid")).isNull();
    assertThat(events.await(record.getString("id"), ProcessEventTypes.FAILED, 5_000).getString("reason"))
        .contains("/nonexistent/bin/tool");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a child sees only the base environment and the variables its command may set")
  void environment(Vertx vertx) {
    String id = start(vertx, new JsonObject().put("command", "env")
        .put("env", new JsonObject().put("GREETING", "hi there"))).getString("id");

    events.await(id, ProcessEventTypes.EXITED, 10_000);
    Poll.until(() -> events.about(id, ProcessEventTypes.OUTPUT).size() >= 5, 5_000, "the environment");
    assertThat(events.about(id, ProcessEventTypes.OUTPUT)).extracting(l -> l.getString("line").split("=")[0])
        .as("PWD comes from the wrapper shell").containsExactlyInAnyOrder("PATH", "LANG", "HOME", "GREETING", "PWD");
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "env")
        .put("env", new JsonObject().put("LD_PRELOAD", "/tmp/x.so"))).failureCode()).isEqualTo(400);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("cwd must stay under the command's roots, also through symbolic links")
  void workingDirectory(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "sb-cwd");
    Path escape = Files.createSymbolicLink(dir.resolve("escape"), Path.of("/etc"));
    String id = start(vertx, new JsonObject().put("command", "pwd").put("cwd", dir.toString())).getString("id");

    events.await(id, ProcessEventTypes.EXITED, 10_000);
    assertThat(events.await(id, ProcessEventTypes.OUTPUT, 5_000).getString("line")).isEqualTo(dir.toRealPath().toString());
    for (String bad : List.of(dir + "/../../etc", "/etc", escape.toString(), "relative/dir", dir + "/nothing-here")) {
      ReplyException refused = TestNodes.failure(vertx, Addresses.PROCESSES_START,
          new JsonObject().put("command", "pwd").put("cwd", bad));
      assertThat(refused.failureCode()).as(bad).isEqualTo(400);
      assertThat(BusErrors.message(refused)).as(bad).contains("cwd");
    }
  }
}
