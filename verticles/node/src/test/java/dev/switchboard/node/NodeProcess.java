package dev.switchboard.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node started from the fat jar as a separate JVM, the way a user starts one. The jar is copied out of
 * {@code target/} first, so a rebuild cannot pull it from under a running node. Output goes to a log file.
 */
final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  final String name;
  final int managementPort;
  final int httpPort;

  private NodeProcess(Process process, Path log, String name, int httpPort, int managementPort) {
    this.process = process;
    this.log = log;
    this.name = name;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
  }

  /** A copy of the fat jar in {@code dir}. */
  static Path copyJar(Path dir) throws IOException {
    String built = System.getProperty("switchboard.jar", "target/switchboard.jar");
    Path source = Path.of(built);
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException("fat jar not found at " + source.toAbsolutePath() + ": run mvn package first");
    }
    return Files.copy(source, dir.resolve("switchboard.jar"), StandardCopyOption.REPLACE_EXISTING);
  }

  static NodeProcess start(Path jar, Path workDir, String name, List<String> args, Map<String, String> env)
      throws IOException {
    int httpPort = TestClusters.freePort();
    int managementPort = TestClusters.freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
        "--node-name", name, "--http-port", String.valueOf(httpPort), "--management-port", String.valueOf(managementPort)));
    command.addAll(args);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
    builder.environment().putAll(env);
    return new NodeProcess(builder.start(), log, name, httpPort, managementPort);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  boolean ready() {
    return TestClusters.get("http://127.0.0.1:" + managementPort + "/ready").status() == 200;
  }

  /** SIGTERM, then the exit code (or -1 if it did not exit in time). */
  int terminate(long timeoutMs) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  int waitForExit(long timeoutMs) throws InterruptedException {
    return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
