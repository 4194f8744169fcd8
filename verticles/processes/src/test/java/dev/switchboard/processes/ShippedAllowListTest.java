package dev.switchboard.processes;

import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.ProcessesConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.processes.StartRequest;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The allow-list that ships in {@code conf/switchboard.json} runs no code a request brings: no interpreter takes
 * {@code -c}/{@code -e} or a script of the caller's choosing, and the error demo is one fixed file.
 */
class ShippedAllowListTest {

  private static final Path SHIPPED = Path.of("../../conf/switchboard.json").toAbsolutePath().normalize();
  private static final Set<String> INTERPRETERS = Set.of("python", "python3", "node", "perl", "ruby", "php", "sh",
      "bash", "dash", "zsh", "lua", "tclsh", "java", "jshell", "deno", "bun");
  private static final List<String> CODE_FLAGS = List.of("-c", "-e", "-E", "-p", "--eval", "--print", "-", "-m",
      "-i", "--command", "-r");

  @Test
  @DisplayName("python code from a request is refused by the shipped allow-list, under every command that runs python")
  void refusesInterpreterCode() throws Exception {
    CommandAllowList allowList = new CommandAllowList(shipped());
    List<List<String>> hostile = List.of(
        List.of("-c", "print(__import__('os').system('id'))"),
        List.of("-c", "print(open('/etc/passwd').read())"),
        List.of("-c", "print(1)"),
        List.of("-m", "http.server"),
        List.of("/tmp/evil.py"),
        List.of("conf/demo/raise.py", "-c"),
        List.of("conf/demo/../../../tmp/evil.py"));
    List<String> pythons = shipped().commands().values().stream()
        .filter(c -> Path.of(c.path()).getFileName().toString().startsWith("python")).map(ProcessesConfig.Command::name).toList();
    assertThat(pythons).isNotEmpty();
    for (String command : pythons) {
      for (List<String> args : hostile) {
        StartRequest request = StartRequest.fromJson(new JsonObject().put("command", command).put("args", new JsonArray(args)));
        assertThatThrownBy(() -> allowList.plan(request)).as("%s %s", command, args)
            .isInstanceOf(ReplyException.class)
            .satisfies(e -> assertThat(((ReplyException) e).failureCode()).isEqualTo(400));
      }
    }
    StartRequest python = StartRequest.fromJson(new JsonObject().put("command", "python3")
        .put("args", new JsonArray().add("-c").add("print(1)")));
    assertThatThrownBy(() -> allowList.plan(python)).isInstanceOf(ReplyException.class)
        .satisfies(e -> assertThat(((ReplyException) e).failureCode()).isEqualTo(403));
  }

  @Test
  @DisplayName("no shipped command is an interpreter whose argument patterns admit a code flag")
  void noInterpreterTakesCodeFlags() throws Exception {
    for (ProcessesConfig.Command command : shipped().commands().values()) {
      String executable = Path.of(command.path()).getFileName().toString().replaceAll("[0-9.]+$", "");
      if (!INTERPRETERS.contains(executable) && !INTERPRETERS.contains(Path.of(command.path()).getFileName().toString())) {
        continue;
      }
      for (Pattern pattern : command.args()) {
        for (String flag : CODE_FLAGS) {
          assertThat(pattern.matcher(flag).matches()).as("%s: pattern %s admits %s", command.name(), pattern, flag).isFalse();
        }
        assertThat(pattern.pattern()).as("%s runs one fixed file", command.name()).doesNotContain("*").doesNotContain("+")
            .doesNotContain("{").doesNotContain("[");
      }
    }
  }

  @Test
  @DisplayName("the error demo is one fixed script under conf/ that exists, and the allow-list admits it")
  void demoScript() throws Exception {
    ProcessesConfig config = shipped();
    ProcessesConfig.Command demo = config.commands().get("demo-error");
    assertThat(demo).isNotNull();
    StartRequest request = StartRequest.fromJson(new JsonObject().put("command", "demo-error")
        .put("args", new JsonArray().add("conf/demo/raise.py")));
    assertThat(new CommandAllowList(config).plan(request).args()).containsExactly("conf/demo/raise.py");
    assertThat(Files.readString(SHIPPED.getParent().resolve("demo/raise.py"))).contains("raise ValueError");
  }

  private static ProcessesConfig shipped() throws Exception {
    JsonObject json = ConfigSchema.merge(ConfigSchema.defaults(), new JsonObject(Files.readString(SHIPPED)));
    return SwitchboardConfig.fromJson(json).processes();
  }

  @Test
  @DisplayName("the crash-loop demo runs the same fixed script under an on-failure policy: 3 restarts, then crashloop")
  void crashLoopDemo() throws Exception {
    ProcessesConfig.Command demo = shipped().commands().get("demo-crashloop");
    assertThat(demo.args()).extracting(java.util.regex.Pattern::pattern).containsExactly("conf/demo/raise\\.py");
    assertThat(demo.restart().policy()).isEqualTo(dev.switchboard.shared.processes.RestartPolicy.Policy.ON_FAILURE);
    assertThat(demo.restart().maxRestarts()).isEqualTo(3);
  }
}
