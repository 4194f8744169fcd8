package dev.switchboard.history;

import dev.switchboard.testkit.TestCertificates;
import dev.switchboard.testkit.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} for a test: its own free port on loopback and a temp dir, daemonized, no snapshots;
 * {@code appendOnly} keeps its data across {@link #stop()}/{@link #start()} (the AOF in its dir). Fails loudly, with
 * how to install it, when the binary is missing. {@link #startTls} makes one that speaks only TLS, with a password.
 */
final class RedisServer implements AutoCloseable {

  private final Path binary = ServerProcesses.binary("/usr/bin/redis-server", "/usr/local/bin/redis-server");
  private final Path cli = ServerProcesses.binary("/usr/bin/redis-cli", "/usr/local/bin/redis-cli");
  private final boolean appendOnly;
  private final int port = LoopbackPorts.free();
  private final Path dir;
  /** The server's certificate when it speaks only TLS, else null. */
  private final TestCertificates.Issued tls;
  private final String password;

  private RedisServer(boolean appendOnly, TestCertificates.Issued tls, String password) throws Exception {
    this.appendOnly = appendOnly;
    this.tls = tls;
    this.password = password;
    this.dir = Files.createTempDirectory("sb-redis-");
  }

  static RedisServer start(boolean appendOnly) throws Exception {
    RedisServer server = new RedisServer(appendOnly, null, null);
    server.start();
    return server;
  }

  /** A server on TLS only ({@code --port 0}) with {@code certificate}, clients without certificates, a password. */
  static RedisServer startTls(TestCertificates.Issued certificate, String password) throws Exception {
    RedisServer server = new RedisServer(false, certificate, password);
    server.start();
    return server;
  }

  /** {@code redis://host:port}, or {@code rediss://:password@host:port} for a TLS server. */
  String connectionString() {
    return tls == null ? "redis://127.0.0.1:" + port : "rediss://:" + password + "@127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  void start() {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if (tls == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", tls.cert().toString(),
          "--tls-key-file", tls.key().toString(), "--tls-ca-cert-file", tls.ca().toString(), "--tls-auth-clients", "no",
          "--requirepass", password));
    }
    command.addAll(List.of("--bind", "127.0.0.1", "--daemonize", "yes", "--save", "", "--appendonly", appendOnly ? "yes" : "no",
        "--appendfsync", "always", "--dir", dir.toString(), "--pidfile", dir.resolve("redis.pid").toString(),
        "--logfile", dir.resolve("redis.log").toString()));
    ServerProcesses.run(dir, command);
    ServerProcesses.await("redis on port " + port, 10_000, () -> ping());
  }

  /** Shuts the server down (flushing the AOF when append-only) and waits until the port is closed. */
  void stop() {
    List<String> command = cliCommand();
    command.addAll(appendOnly ? List.of("shutdown") : List.of("shutdown", "nosave"));
    ServerProcesses.run(dir, command);
    ServerProcesses.await("redis on port " + port + " to stop", 10_000, () -> !ServerProcesses.accepts(port));
  }

  /** Runs a redis-cli command against the server, returning its output. */
  String cli(String... args) {
    List<String> command = cliCommand();
    command.addAll(List.of(args));
    return ServerProcesses.run(dir, command).trim();
  }

  /** redis-cli to this server: over TLS with the CA and the password when it has them. */
  private List<String> cliCommand() {
    List<String> command = new ArrayList<>(List.of(cli.toString(), "-p", Integer.toString(port)));
    if (tls != null) {
      command.addAll(List.of("--tls", "--cacert", tls.ca().toString(), "-a", password, "--no-auth-warning"));
    }
    return command;
  }

  private boolean ping() {
    if (!ServerProcesses.accepts(port)) {
      return false;
    }
    try {
      return "PONG".equals(cli("ping"));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      if (ServerProcesses.accepts(port)) {
        List<String> command = cliCommand();
        command.addAll(List.of("shutdown", "nosave"));
        ServerProcesses.run(dir, command);
      }
    } catch (IllegalStateException e) {
      // already gone
    } finally {
      ServerProcesses.deleteTree(dir);
    }
  }
}
