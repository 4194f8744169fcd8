package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("sb.processes.commands: the allow-list as a caller may see it")
class CommandsDiscoveryTest {

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("names, argument patterns, variables, cwd roots and restart defaults; never the executable's path")
  void describesTheAllowList(Vertx vertx) {
    JsonObject commands = TestNodes.commands().put("dev", new JsonObject().put("path", "/usr/bin/python3")
        .put("args", new JsonArray().add("-m").add("http\\.server").add("[0-9]{4,5}"))
        .put("cwdRoots", new JsonArray().add("/tmp")).put("env", new JsonArray().add("PORT").add("DEBUG"))
        .put("restart", new JsonObject().put("policy", "always").put("backoffMs", 500)));
    TestNodes.deploy(vertx, TestNodes.config("node-c", commands, new JsonObject()));

    JsonObject reply = TestNodes.request(vertx, Addresses.PROCESSES_COMMANDS, new JsonObject());

    List<JsonObject> listed = reply.getJsonArray("commands").stream().map(JsonObject.class::cast).toList();
    assertThat(listed).extracting(c -> c.getString("name"))
        .containsExactly("echo", "sleep", "sh", "env", "pwd", "missing", "dev");
    JsonObject dev = listed.get(6);
    assertThat(dev).isEqualTo(new JsonObject().put("name", "dev")
        .put("args", new JsonArray().add("-m").add("http\\.server").add("[0-9]{4,5}"))
        .put("env", new JsonArray().add("DEBUG").add("PORT"))
        .put("cwdRoots", new JsonArray().add("/tmp"))
        .put("restart", new JsonObject().put("policy", "always").put("maxRestarts", 5).put("backoffMs", 500)
            .put("maxBackoffMs", 30_000).put("resetAfterMs", 60_000).put("anyNode", false)));
    assertThat(reply.encode()).doesNotContain("/usr/bin").doesNotContain("/bin/sh").doesNotContain("/nonexistent");
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_COMMANDS, new JsonObject().put("path", true)).failureCode())
        .isEqualTo(400);
    assertThat(TestNodes.failure(vertx, Addresses.PROCESSES_COMMANDS, "all").failureCode()).isEqualTo(400);
  }
}
