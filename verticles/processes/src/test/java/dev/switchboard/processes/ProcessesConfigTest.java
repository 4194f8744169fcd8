package dev.switchboard.processes;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.ProcessesConfig;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("processes.commands: the allow-list as configured")
class ProcessesConfigTest {

  private static ProcessesConfig parse(JsonObject commands) {
    return SwitchboardConfig.fromJson(TestNodes.config("n", commands, new JsonObject())).processes();
  }

  @Test
  @DisplayName("an entry is parsed into path, compiled argument patterns, cwd roots and settable variables")
  void parsesEntries() {
    ProcessesConfig.Command command = parse(new JsonObject().put("py", new JsonObject().put("path", "/usr/bin/python3")
        .put("args", new JsonArray().add("-m").add("[a-z_.]+")).put("cwdRoots", new JsonArray().add("/srv/apps"))
        .put("env", new JsonArray().add("PYTHONPATH")))).commands().get("py");

    assertThat(command.path()).isEqualTo("/usr/bin/python3");
    assertThat(command.args()).extracting(p -> p.pattern()).containsExactly("-m", "[a-z_.]+");
    assertThat(command.cwdRoots()).containsExactly(Path.of("/srv/apps"));
    assertThat(command.env()).containsExactly("PYTHONPATH");
  }

  @Test
  @DisplayName("a bad entry stops the node naming the key and the value")
  void refusesBadEntries() {
    assertThatThrownBy(() -> parse(new JsonObject().put("x", new JsonObject().put("path", "python3"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processes.commands.x.path").hasMessageContaining("\"python3\"");
    assertThatThrownBy(() -> parse(new JsonObject().put("x", new JsonObject().put("path", "/bin/x")
        .put("args", new JsonArray().add("[unclosed")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processes.commands.x.args[0]");
    assertThatThrownBy(() -> parse(new JsonObject().put("x", new JsonObject().put("path", "/bin/x")
        .put("cwdRoots", new JsonArray().add("/srv/../etc")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processes.commands.x.cwdRoots[0]");
    assertThatThrownBy(() -> parse(new JsonObject().put("x", new JsonObject().put("path", "/bin/x").put("shell", true))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processes.commands.x.shell");
    assertThatThrownBy(() -> parse(new JsonObject().put("x", new JsonObject().put("path", "/bin/x")
        .put("env", new JsonArray().add("A=B")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processes.commands.x.env[0]");
  }
}
