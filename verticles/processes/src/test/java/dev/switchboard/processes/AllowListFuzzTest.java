package dev.switchboard.processes;

import org.junit.jupiter.api.Tag;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("faults")
@ExtendWith(VertxExtension.class)
class AllowListFuzzTest {

  private static final List<String> METACHARACTERS = List.of(";", "|", "&", "&&", "||", "$(id)", "`id`", ">", "<",
      "\n", "\r", "*", "?", "~", "$HOME", "${IFS}", "'", "\"", "\\", "#", "!", "{a,b}", "\u0000", "%00", "..", "../..");
  private static final List<String> BAD_COMMANDS = List.of("/bin/echo", "../echo", "echo;id", "echo id", "sh",
      "bash", "ECHO", "echo\n", "", "e".repeat(65), "./echo", "echo/../sh", "é", "*", "echo&&id");
  private static final List<String> BAD_CWDS = List.of("/tmp/../etc", "../tmp", "tmp", "/etc", "/", "/tmp/./x",
      "/tmp//x", "/tmp/", "/tmpfoo", "/tmp/\u0000x", "/" + "a".repeat(1100), "", "~/x");
  private static final List<String> BAD_ENV_KEYS = List.of("LD_PRELOAD", "PATH", "HOME", "A=B", "GREETING=x", "1X",
      "", "GREETING ", "BASH_ENV", "LD_LIBRARY_PATH", "x".repeat(200));
  private static final List<Object> WRONG_TYPES = List.of(1, 1.5, true, new JsonObject(), new JsonArray(), -1L);

  private final Random random = new Random(20261122);

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("1,000 hostile or malformed start requests are all refused and start no process")
  void refusesEverythingHostile(Vertx vertx) {
    BroadcastRecorder events = BroadcastRecorder.register(vertx).await();
    JsonObject commands = new JsonObject()
        .put("echo", new JsonObject().put("path", "/bin/echo").put("args", new JsonArray().add("[A-Za-z0-9 ]{0,100}")))
        .put("pwd", new JsonObject().put("path", "/bin/pwd").put("cwdRoots", new JsonArray().add("/tmp")))
        .put("env", new JsonObject().put("path", "/usr/bin/env").put("env", new JsonArray().add("GREETING")));
    TestNodes.deploy(vertx, TestNodes.config("fuzz", commands, new JsonObject().put("timeoutMs", 60_000)));
    List<Supplier<Object>> generators = generators();

    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Object request = generators.get(i % generators.size()).get();
      ReplyException refused = TestNodes.failure(vertx, Addresses.PROCESSES_START, request);
      assertThat(refused.failureCode()).as("request %d: %s", i, request).isIn(400, 403);
      assertThat(new JsonObject(refused.getMessage()).getString("message")).as("request %d", i).isNotBlank();
      codes.add(refused.failureCode());
    }

    assertThat(codes).hasSize(1_000).contains(400, 403);
    assertThat(events.ofType(ProcessEventTypes.STARTED)).isEmpty();
    assertThat(TestNodes.request(vertx, Addresses.PROCESSES_LIST, new JsonObject()).getJsonArray("processes")).isEmpty();
    assertThat(ProcessHandle.current().children().toList()).as("child processes of this JVM").isEmpty();
  }

  private List<Supplier<Object>> generators() {
    return List.of(
        () -> base().put("command", pick(BAD_COMMANDS)),
        () -> base().put("args", new JsonArray().add("hello" + pick(METACHARACTERS) + "id")),
        () -> base().put("args", new JsonArray().add(pick(METACHARACTERS))),
        () -> base().put("args", new JsonArray().add("a".repeat(101 + random.nextInt(5_000)))),
        () -> base().put("args", new JsonArray().add("x".repeat(4_097))),
        () -> base().put("args", manyArgs(65 + random.nextInt(100))),
        () -> base().put("args", new JsonArray().add("hello").add(pick(WRONG_TYPES))),
        () -> base().put("args", new JsonArray().addNull()),
        () -> base().put("args", pick(List.of("hello", 7, new JsonObject().put("0", "hello")))),
        () -> base().put("command", "pwd").remove("args") == null ? null
            : new JsonObject().put("command", "pwd").put("cwd", pick(BAD_CWDS)),
        () -> new JsonObject().put("command", "pwd").put("cwd", pick(WRONG_TYPES)),
        () -> base().put("cwd", "/tmp"),
        () -> new JsonObject().put("command", "env").put("env", new JsonObject().put(pick(BAD_ENV_KEYS), "1")),
        () -> new JsonObject().put("command", "env").put("env", new JsonObject().put("GREETING", pick(WRONG_TYPES))),
        () -> new JsonObject().put("command", "env").put("env", new JsonObject().put("GREETING", "a\u0000b")),
        () -> new JsonObject().put("command", "env").put("env", new JsonObject().put("GREETING", "a".repeat(4_097))),
        () -> new JsonObject().put("command", "env").put("env", pick(List.of("GREETING=1", 3, new JsonArray()))),
        () -> base().put("name", pick(List.of("", "a\nb", "\u0007", "n".repeat(129)))),
        () -> base().put("name", pick(WRONG_TYPES)),
        () -> base().put("node", pick(List.of("", "node a", "../node", "n".repeat(65), "a;b"))),
        () -> base().put("node", pick(WRONG_TYPES)),
        () -> base().put("timeoutMs", pick(List.of(0, -5, 60_001, "100", 1.5, Long.MAX_VALUE))),
        () -> base().put(pick(List.of("shell", "path", "uid", "stdin", "Command", "argv")), "x"),
        () -> base().remove("command") == null ? new JsonObject() : new JsonObject().put("args", new JsonArray()),
        () -> base().put("command", pick(WRONG_TYPES)),
        () -> pick(List.of("echo hello", 42, new JsonArray().add("echo"), true)));
  }

  private JsonObject base() {
    return new JsonObject().put("command", "echo").put("args", new JsonArray().add("hello"));
  }

  private JsonArray manyArgs(int count) {
    JsonArray args = new JsonArray();
    for (int i = 0; i < count; i++) {
      args.add("a");
    }
    return args;
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
