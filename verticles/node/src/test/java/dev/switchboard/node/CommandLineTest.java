package dev.switchboard.node;

import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

  @Test
  @DisplayName("each flag of conf/README.md sets its key, typed; --flag=value works too")
  void flags() {
    CommandLine line = CommandLine.parse(List.of("--conf", "x.json", "--roles", "bridge,history", "--http-port", "8081",
        "--management-port=9091", "--cluster-name", "c1", "--cluster-host", "127.0.0.1", "--cluster-port", "5702",
        "--members", "127.0.0.1:5701-5703", "--node-name", "a"));
    assertThat(line.confFile()).isEqualTo("x.json");
    assertThat(line.overrides().getJsonObject("node").getJsonArray("roles")).isEqualTo(new JsonArray().add("bridge").add("history"));
    assertThat(line.overrides().getJsonObject("node").getString("name")).isEqualTo("a");
    assertThat(line.overrides().getJsonObject("http").getLong("port")).isEqualTo(8081L);
    assertThat(line.overrides().getJsonObject("management").getLong("port")).isEqualTo(9091L);
    assertThat(line.overrides().getJsonObject("cluster").getString("name")).isEqualTo("c1");
    assertThat(line.overrides().getJsonObject("cluster").getLong("port")).isEqualTo(5702L);
    assertThat(line.overrides().getJsonObject("cluster").getJsonArray("members")).isEqualTo(new JsonArray().add("127.0.0.1:5701-5703"));
  }

  @Test
  @DisplayName("an unknown flag, a missing value or a mistyped value is refused naming the flag")
  void refusals() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--port", "1")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("invalid config: --port = \"1\" (expected a flag");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--http-port")))
        .isInstanceOf(ConfigException.class).hasMessage("invalid config: --http-port = null (expected a value after --http-port)");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--http-port", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessage("invalid config: --http-port = \"eighty\" (expected a whole number)");
  }

  @Test
  @DisplayName("--help asks for the usage")
  void help() {
    assertThat(CommandLine.parse(List.of("--help")).help()).isTrue();
  }
}
