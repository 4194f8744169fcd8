package dev.switchboard.node;

import dev.switchboard.shared.ConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("precedence: defaults < file < environment < flags")
  void precedence() throws IOException {
    Path file = dir.resolve("sb.json");
    Files.writeString(file, "{\"http\": {\"port\": 8001}, \"management\": {\"port\": 9001}, \"cluster\": {\"name\": \"from-file\"},"
        + " \"bridge\": {\"maxSockets\": 7}}");
    CommandLine flags = CommandLine.parse(List.of("--conf", file.toString(), "--http-port", "8003"));
    Map<String, String> env = Map.of("SWITCHBOARD_HTTP_PORT", "8002", "SWITCHBOARD_MANAGEMENT_PORT", "9002",
        "SWITCHBOARD_BRIDGE_MAXSOCKETSPERUSER", "3", "SWITCHBOARD_HOME", "/ignored", "PATH", "/bin");

    ConfigLoader.Loaded loaded = ConfigLoader.load(flags, env);

    assertThat(loaded.config().http().port()).isEqualTo(8003);
    assertThat(loaded.config().management().port()).isEqualTo(9002);
    assertThat(loaded.config().cluster().name()).isEqualTo("from-file");
    assertThat(loaded.config().bridge().maxSockets()).isEqualTo(7);
    assertThat(loaded.config().bridge().maxSocketsPerUser()).isEqualTo(3);
    assertThat(loaded.config().bridge().outboundQueue()).isEqualTo(1000);
    assertThat(loaded.source()).isEqualTo(file.toString());
  }

  @Test
  @DisplayName("a node without a name is named after its cluster address")
  void defaultName() {
    ConfigLoader.Loaded loaded = ConfigLoader.load(CommandLine.parse(List.of("--conf", write("{}"), "--cluster-port", "5705")), Map.of());
    assertThat(loaded.config().node().name()).isEqualTo("node-127.0.0.1-5705");
    assertThat(loaded.json().getJsonObject("node").getString("name")).isEqualTo("node-127.0.0.1-5705");
  }

  @Test
  @DisplayName("an unknown key in the file, a bad environment value and a missing file are refused by name")
  void refusals() {
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(List.of("--conf", write("{\"http\": {\"prot\": 1}}"))), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("invalid config: http.prot = 1 (expected a known key");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(List.of("--conf", write("{}"))), Map.of("SWITCHBOARD_CLUSTER_PORT", "x")))
        .isInstanceOf(ConfigException.class).hasMessage("invalid config: SWITCHBOARD_CLUSTER_PORT = \"x\" (expected a whole number)");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse(List.of("--conf", dir.resolve("none.json").toString())), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("(expected a readable config file");
  }

  @Test
  @DisplayName("cluster.tls: some paths but not all, or a file that is not there, are refused naming the key (and the path)")
  void clusterTls() {
    CommandLine flags = CommandLine.parse(List.of("--conf", write("{}")));
    assertThatThrownBy(() -> ConfigLoader.load(flags, Map.of("SWITCHBOARD_CLUSTER_TLS_CERTPATH", "/etc/sb/node.pem")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config: cluster.tls.keyPath = null (expected a path");
    String missing = dir.resolve("absent.pem").toString();
    assertThatThrownBy(() -> ConfigLoader.load(flags, Map.of("SWITCHBOARD_CLUSTER_TLS_CERTPATH", missing,
            "SWITCHBOARD_CLUSTER_TLS_KEYPATH", missing, "SWITCHBOARD_CLUSTER_TLS_CAPATH", missing)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid config: cluster.tls.certPath = \"" + missing + "\" (expected a readable PEM certificate;"
            + " cannot read it: NoSuchFileException)");
  }

  private String write(String json) {
    try {
      Path file = Files.createTempFile(dir, "sb", ".json");
      Files.writeString(file, json);
      return file.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
