package dev.switchboard.history;

import dev.switchboard.testkit.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real PostgreSQL 15 for a test: {@code initdb} in a temp dir (owned by {@code postgres} when we are root: the
 * server refuses to run as root), {@code pg_ctl} on a free loopback port with its socket in that dir, trust auth,
 * fsync off. Fails loudly, with how to install it, when the binaries are missing.
 */
final class PostgresServer implements AutoCloseable {

  private static final String BIN = "/usr/lib/postgresql/15/bin/";
  private static final String USER = "postgres";

  private final Path initdb = ServerProcesses.binary(BIN + "initdb");
  private final Path pgCtl = ServerProcesses.binary(BIN + "pg_ctl");
  private final Path psql = ServerProcesses.binary(BIN + "psql", "/usr/bin/psql");
  private final int port = LoopbackPorts.free();
  private final Path dir;
  private final Path data;

  private PostgresServer() throws Exception {
    dir = Files.createTempDirectory("sb-pg-");
    data = dir.resolve("data");
    ServerProcesses.run(dir, List.of("chmod", "755", dir.toString()));
    if ("root".equals(System.getProperty("user.name"))) {
      ServerProcesses.run(dir, List.of("chown", USER + ":" + USER, dir.toString()));
    }
    ServerProcesses.run(dir, ServerProcesses.as(USER, List.of(initdb.toString(), "-D", data.toString(), "-A", "trust",
        "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions")));
  }

  static PostgresServer start() throws Exception {
    PostgresServer server = new PostgresServer();
    server.startServer();
    return server;
  }

  String connectionString() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  void startServer() {
    ServerProcesses.run(dir, ServerProcesses.as(USER, List.of(pgCtl.toString(), "-D", data.toString(), "-w", "-t", "30",
        "-l", dir.resolve("postgres.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB", "start")));
  }

  void stopServer() {
    ServerProcesses.run(dir, ServerProcesses.as(USER, List.of(pgCtl.toString(), "-D", data.toString(), "-w",
        "-m", "fast", "stop")));
  }

  /** Runs SQL with psql, returning its unaligned output. */
  String sql(String statement) {
    return ServerProcesses.run(dir, ServerProcesses.as(USER, List.of(psql.toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", "postgres", "-d", "postgres", "-At", "-v", "ON_ERROR_STOP=1", "-c", statement)))
        .trim();
  }

  @Override
  public void close() {
    try {
      if (ServerProcesses.accepts(port)) {
        ServerProcesses.run(dir, ServerProcesses.as(USER, List.of(pgCtl.toString(), "-D", data.toString(), "-w",
            "-m", "immediate", "stop")));
      }
    } catch (IllegalStateException e) {
      // already gone
    } finally {
      ServerProcesses.deleteTree(dir);
    }
  }
}
