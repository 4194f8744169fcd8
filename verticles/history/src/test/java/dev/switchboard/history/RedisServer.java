package dev.switchboard.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} for a test: its own free port on loopback and a temp dir, daemonized, no snapshots;
 * {@code appendOnly} keeps its data across {@link #stop()}/{@link #start()} (the AOF in its dir). Fails loudly, with
 * how to install it, when the binary is missing.
 */
final class RedisServer implements AutoCloseable {

  private final Path binary = ServerProcesses.binary("/usr/bin/redis-server", "/usr/local/bin/redis-server");
  private final Path cli = ServerProcesses.binary("/usr/bin/redis-cli", "/usr/local/bin/redis-cli");
  private final boolean appendOnly;
  private final int port = TestHazelcast.freePort();
  private final Path dir;

  private RedisServer(boolean appendOnly) throws Exception {
    this.appendOnly = appendOnly;
    this.dir = Files.createTempDirectory("sb-redis-");
  }

  static RedisServer start(boolean appendOnly) throws Exception {
    RedisServer server = new RedisServer(appendOnly);
    server.start();
    return server;
  }

  String connectionString() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  void start() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--daemonize", "yes", "--save", "", "--appendonly", appendOnly ? "yes" : "no",
        "--appendfsync", "always", "--dir", dir.toString(), "--pidfile", dir.resolve("redis.pid").toString(),
        "--logfile", dir.resolve("redis.log").toString()));
    ServerProcesses.run(dir, command);
    ServerProcesses.await("redis on port " + port, 10_000, () -> ping());
  }

  /** Shuts the server down (flushing the AOF when append-only) and waits until the port is closed. */
  void stop() {
    ServerProcesses.run(dir, List.of(cli.toString(), "-p", Integer.toString(port), "shutdown", appendOnly ? "" : "nosave")
        .stream().filter(s -> !s.isEmpty()).toList());
    ServerProcesses.await("redis on port " + port + " to stop", 10_000, () -> !ServerProcesses.accepts(port));
  }

  /** Runs a redis-cli command against the server, returning its output. */
  String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(cli.toString(), "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return ServerProcesses.run(dir, command).trim();
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
        ServerProcesses.run(dir, List.of(cli.toString(), "-p", Integer.toString(port), "shutdown", "nosave"));
      }
    } catch (IllegalStateException e) {
      // already gone
    } finally {
      ServerProcesses.deleteTree(dir);
    }
  }
}
