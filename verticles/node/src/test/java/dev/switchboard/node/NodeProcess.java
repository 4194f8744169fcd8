package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A node started from the fat jar as a separate JVM, the way a user starts one. The jar is copied out of
 * {@code target/} first, so a rebuild cannot pull it from under a running node. Output goes to a log file (a
 * restarted node appends to it). Faults are done to the real process: SIGKILL, SIGSTOP and SIGCONT by its pid. Test
 * nodes are small and short-lived: a 256 MB heap, the serial collector, and only the C1 compiler (on a shared two-core
 * machine a node's first minutes otherwise go largely to C2 compiling); its GC pauses go to a log of their own, as
 * they explain a member that stops answering heartbeats.
 */
final class NodeProcess implements AutoCloseable {

  /** Node processes still running: killed when the test JVM exits, whatever state a test left them in. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "node-process-reaper"));
  }

  private final Process process;
  private final ProcessBuilder builder;
  private final Path log;
  final String name;
  final int managementPort;
  final int httpPort;

  private NodeProcess(ProcessBuilder builder, Path log, String name, int httpPort, int managementPort) throws IOException {
    this.builder = builder;
    this.process = builder.start();
    RUNNING.add(process);
    process.onExit().thenRun(() -> RUNNING.remove(process));
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
    int httpPort = LoopbackPorts.free();
    int managementPort = LoopbackPorts.free();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xlog:gc:file=" + gcLog(workDir, name), "-jar", jar.toString(),
        "--node-name", name, "--http-port", String.valueOf(httpPort), "--management-port", String.valueOf(managementPort)));
    command.addAll(args);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
    builder.environment().putAll(env);
    return new NodeProcess(builder, log, name, httpPort, managementPort);
  }

  /** The same node started again (same name, command line and ports) once this process has ended. */
  NodeProcess restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running (pid " + pid() + ")");
    }
    return new NodeProcess(builder, log, name, httpPort, managementPort);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** kill -9: the JVM ends at once, nothing of it runs any more; returns once it has ended. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") did not end after SIGKILL");
    }
  }

  /** SIGSTOP: the JVM is frozen — its sockets stay open, nothing answers — until {@link #resume()}. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }

  /** Where the node's GC pauses are logged. */
  static Path gcLog(Path workDir, String name) {
    return workDir.resolve(name + "-gc.log");
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
