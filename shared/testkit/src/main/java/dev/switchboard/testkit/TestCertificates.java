package dev.switchboard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for a test with the {@code openssl} CLI, and the certificates it signs: PEM files, keys
 * in PKCS#8, each certificate for server and client use with the SAN {@code IP:127.0.0.1}. Fails loudly, saying how
 * to install it, when {@code openssl} is missing.
 */
public final class TestCertificates {

  /** A node's certificate, its key and the CA that signed it. */
  public record Issued(Path cert, Path key, Path ca) {

    /** The environment that gives a node these files as {@code cluster.tls}. */
    public Map<String, String> env() {
      return Map.of("SWITCHBOARD_CLUSTER_TLS_CERTPATH", cert.toString(), "SWITCHBOARD_CLUSTER_TLS_KEYPATH", key.toString(),
          "SWITCHBOARD_CLUSTER_TLS_CAPATH", ca.toString());
    }
  }

  private static final String NODE_EXTENSIONS = """
      basicConstraints=CA:FALSE
      keyUsage=critical,digitalSignature,keyEncipherment
      extendedKeyUsage=serverAuth,clientAuth
      subjectAltName=IP:127.0.0.1
      """;

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new self-signed CA named {@code name}, its files in {@code parent/name/}. */
  public static TestCertificates authority(Path parent, String name) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=" + name);
    return new TestCertificates(dir);
  }

  public Path caCert() {
    return dir.resolve("ca.pem");
  }

  /** A certificate for {@code name} signed by this CA. */
  public Issued issue(String name) throws IOException {
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
    Files.writeString(dir.resolve(name + ".ext"), NODE_EXTENSIONS);
    openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-set_serial", "0x" + Long.toHexString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
        "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    return new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"), caCert());
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("openssl not found: this test makes its certificates with the openssl CLI;"
          + " install it with: apt-get install -y openssl (" + e.getMessage() + ")", e);
    }
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("failed: " + String.join(" ", command) + "\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
