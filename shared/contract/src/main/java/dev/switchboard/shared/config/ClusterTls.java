package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cluster.tls.*}: the PEM files of the event bus's mutual TLS — this node's certificate ({@code certPath}), its
 * private key in PKCS#8 ({@code keyPath}) and the CA whose certificates the other members must present
 * ({@code caPath}). All three unset: the event bus is plain TCP; some but not all: a config error.
 */
public record ClusterTls(String certPath, String keyPath, String caPath) {

  static final String CERT_KEY = "cluster.tls.certPath";
  static final String KEY_KEY = "cluster.tls.keyPath";
  static final String CA_KEY = "cluster.tls.caPath";

  /** The configured files, or null when none of the three keys is set. */
  static ClusterTls read(ConfigReader config) {
    String cert = config.optionalString(CERT_KEY);
    String key = config.optionalString(KEY_KEY);
    String ca = config.optionalString(CA_KEY);
    if (cert == null && key == null && ca == null) {
      return null;
    }
    requireSet(CERT_KEY, cert);
    requireSet(KEY_KEY, key);
    requireSet(CA_KEY, ca);
    return new ClusterTls(cert, key, ca);
  }

  /**
   * Fails with a {@link ConfigException} naming the key and the path of the first file that is missing, unreadable or
   * not PEM of the expected kind. Reads the files: call it before Vert.x runs, never on an event loop.
   */
  public void checkFiles() {
    checkPem(CERT_KEY, certPath, "-----BEGIN CERTIFICATE-----", "a readable PEM certificate");
    checkPem(KEY_KEY, keyPath, "-----BEGIN PRIVATE KEY-----", "a readable PEM private key in PKCS#8 (BEGIN PRIVATE KEY)");
    checkPem(CA_KEY, caPath, "-----BEGIN CERTIFICATE-----", "a readable PEM CA certificate");
  }

  private static void requireSet(String key, String value) {
    if (value == null) {
      throw new ConfigException(key, null, "a path: cluster.tls needs certPath, keyPath and caPath all set, or none");
    }
  }

  private static void checkPem(String key, String path, String marker, String expected) {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(key, path, expected + "; cannot read it: " + e.getClass().getSimpleName());
    }
    if (!text.contains(marker)) {
      throw new ConfigException(key, path, expected + "; the file has no " + marker);
    }
  }
}
