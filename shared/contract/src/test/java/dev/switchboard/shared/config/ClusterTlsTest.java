package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterTlsTest {

  private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

  @TempDir
  Path dir;

  private static ClusterConfig cluster(JsonObject tls) {
    JsonObject file = new JsonObject().put("cluster", new JsonObject().put("tls", tls));
    return SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), file)).cluster();
  }

  private static JsonObject tls(String cert, String key, String ca) {
    return new JsonObject().put("certPath", cert).put("keyPath", key).put("caPath", ca);
  }

  @Test
  @DisplayName("off by default: all three paths null (or the object empty) means a plain event bus")
  void offByDefault() {
    assertThat(SwitchboardConfig.fromJson(ConfigSchema.defaults()).cluster().tls()).isNull();
    assertThat(cluster(new JsonObject()).tls()).isNull();
    assertThat(cluster(tls(null, null, null)).tls()).isNull();
  }

  @Test
  @DisplayName("all three set: a ClusterTls with the paths")
  void allSet() {
    assertThat(cluster(tls("/c.pem", "/k.pem", "/ca.pem")).tls()).isEqualTo(new ClusterTls("/c.pem", "/k.pem", "/ca.pem"));
  }

  @Test
  @DisplayName("some but not all set: refused naming the first missing key")
  void someSet() {
    assertThatThrownBy(() -> cluster(tls("/c.pem", null, "/ca.pem")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid config: cluster.tls.keyPath = null (expected a path: cluster.tls needs certPath, keyPath and"
            + " caPath all set, or none)")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("cluster.tls.keyPath"));
    assertThatThrownBy(() -> cluster(tls(null, "/k.pem", null))).hasMessageStartingWith("invalid config: cluster.tls.certPath = null");
  }

  @Test
  @DisplayName("a mistyped or unknown key under cluster.tls is refused by name; cluster.tls null is not an object")
  void shape() {
    assertThatThrownBy(() -> cluster(tls(null, null, null).put("certPath", 5)))
        .hasMessageStartingWith("invalid config: cluster.tls.certPath = 5 (expected a string or null)");
    assertThatThrownBy(() -> cluster(new JsonObject().put("cert", "/c.pem")))
        .hasMessageStartingWith("invalid config: cluster.tls.cert = \"/c.pem\" (expected a known key: one of cluster.tls.caPath");
    JsonObject nullTls = new JsonObject().put("cluster", new JsonObject().putNull("tls"));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), nullTls)))
        .hasMessage("invalid config: cluster.tls = null (expected an object)");
  }

  @Test
  @DisplayName("the files: present PEM files pass; a missing, unreadable or non-PEM file is refused naming key and path")
  void files() throws IOException {
    Path cert = Files.writeString(dir.resolve("node.pem"), CERT);
    Path key = Files.writeString(dir.resolve("node.key"), KEY);
    Path ca = Files.writeString(dir.resolve("ca.pem"), CERT);
    new ClusterTls(cert.toString(), key.toString(), ca.toString()).checkFiles();

    String missing = dir.resolve("none.key").toString();
    assertThatThrownBy(() -> new ClusterTls(cert.toString(), missing, ca.toString()).checkFiles())
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid config: cluster.tls.keyPath = \"" + missing + "\" (expected a readable PEM private key in"
            + " PKCS#8 (BEGIN PRIVATE KEY); cannot read it: NoSuchFileException)");
    assertThatThrownBy(() -> new ClusterTls(cert.toString(), key.toString(), dir.toString()).checkFiles())
        .hasMessageStartingWith("invalid config: cluster.tls.caPath = \"" + dir + "\" (expected a readable PEM CA certificate;"
            + " cannot read it: ");
    Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new ClusterTls(cert.toString(), rsa.toString(), ca.toString()).checkFiles())
        .hasMessage("invalid config: cluster.tls.keyPath = \"" + rsa + "\" (expected a readable PEM private key in PKCS#8"
            + " (BEGIN PRIVATE KEY); the file has no -----BEGIN PRIVATE KEY-----)");
    assertThatThrownBy(() -> new ClusterTls(key.toString(), key.toString(), ca.toString()).checkFiles())
        .hasMessageStartingWith("invalid config: cluster.tls.certPath = \"" + key + "\"");
  }
}
