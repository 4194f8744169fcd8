package dev.switchboard.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts children and signals their process groups, on one dedicated thread (never an event loop).
 *
 * <p>Each child runs as {@code setsid /bin/sh -c WRAPPER sb-process <executable> <args...>}: the wrapper shell is
 * the leader of a new session and process group (its pid is the group id), runs the command in that group with
 * stdin from {@code /dev/null}, and keeps a watcher in the group that blocks reading the wrapper's stdin — a pipe
 * whose only writer is this JVM. When the JVM dies, even by {@code kill -9}, the kernel closes that pipe, the
 * watcher reads end-of-file and SIGKILLs the whole group. The supervisor closes the pipe itself once the command
 * has exited, which reaps anything it left behind. Arguments reach the command as an array: the wrapper runs
 * {@code "$@"}, no shell ever parses them.
 */
final class ProcessLauncher {

  static final String SETSID = "/usr/bin/setsid";
  static final String SHELL = "/bin/sh";
  static final String KILL = "/bin/kill";
  static final String WRAPPER_NAME = "sb-process";
  static final String WRAPPER = String.join("\n",
      // keep the JVM's pipe on fd 3 for the watcher; nothing else reads stdin
      "exec 3<&0 0</dev/null",
      // the watcher: survives SIGTERM to the group, kills the group when the JVM's end of the pipe closes
      "( trap '' TERM INT HUP; read -r _ <&3; kill -KILL 0 ) >/dev/null 2>&1 &",
      // the wrapper waits out a SIGTERM to the group and reports the command's own exit status
      "trap : TERM INT HUP",
      "\"$@\" 3<&- &",
      "child=$!",
      "exec 3<&-",
      "while :; do wait \"$child\"; code=$?; kill -0 \"$child\" 2>/dev/null || break; done",
      // whatever the command left running in its group is asked to end; the JVM closing the pipe kills it
      "kill -TERM 0 2>/dev/null",
      "exit \"$code\"");
  /** The environment every child starts from; a request adds only the variables its command allows. */
  static final Map<String, String> BASE_ENV = Map.of(
      "PATH", "/usr/local/bin:/usr/bin:/bin",
      "LANG", "C.UTF-8",
      "HOME", System.getProperty("user.home", "/"));

  private static final long GROUP_WAIT_NANOS = 2_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);

  private final WorkerExecutor worker;

  ProcessLauncher(WorkerExecutor worker) {
    this.worker = worker;
  }

  /** Starts the plan; fails with 400 when the directory resolves outside its root, else with the start error. */
  Future<Process> launch(LaunchPlan plan) {
    return worker.executeBlocking(() -> {
      Path cwd = plan.cwd() == null ? null : checkedDirectory(plan);
      if (!Files.isExecutable(Path.of(plan.executable()))) {
        throw new IOException("not an executable file: " + plan.executable());
      }
      List<String> command = new ArrayList<>(List.of(SETSID, SHELL, "-c", WRAPPER, WRAPPER_NAME, plan.executable()));
      command.addAll(plan.args());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(BASE_ENV);
      builder.environment().putAll(plan.env());
      if (cwd != null) {
        builder.directory(cwd.toFile());
      }
      Process process = builder.start();
      awaitOwnGroup(process);
      return process;
    }, false);
  }

  /**
   * Waits (briefly, on the launcher thread) until {@code setsid} has made the child the leader of its own group, so
   * that a stop right after the start reaches it.
   */
  private static void awaitOwnGroup(Process process) throws InterruptedException {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + GROUP_WAIT_NANOS;
    while (process.isAlive() && System.nanoTime() < deadline) {
      try {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        if (Long.parseLong(fields[2]) == process.pid()) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        return;
      }
      Thread.sleep(1);
    }
  }

  /** Sends {@code signal} ("TERM", "KILL") to every process in the group; a group already gone is no error. */
  Future<Void> signalGroup(long pgid, String signal) {
    return worker.executeBlocking(() -> {
      Process kill = new ProcessBuilder(KILL, "-s", signal, "--", "-" + pgid)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
      return null;
    }, false);
  }

  /** Closes this JVM's end of the child's stdin: its watcher then kills whatever is left of the group. */
  Future<Void> releaseGroup(Process process) {
    return worker.executeBlocking(() -> {
      quietly(process.getOutputStream());
      return null;
    }, false);
  }

  /** Closes the output pipes once nothing reads them any more. */
  Future<Void> closeOutput(Process process) {
    return worker.executeBlocking(() -> {
      quietly(process.getInputStream());
      quietly(process.getErrorStream());
      return null;
    }, false);
  }

  private static Path checkedDirectory(LaunchPlan plan) throws IOException {
    Path real;
    try {
      real = plan.cwd().toRealPath();
    } catch (IOException e) {
      throw BusErrors.invalid("cwd", plan.cwd().toString(), "an existing directory");
    }
    if (!Files.isDirectory(real) || !real.startsWith(plan.cwdRoot().toRealPath())) {
      throw BusErrors.invalid("cwd", plan.cwd().toString(), "a directory under " + plan.cwdRoot()
          + " (after resolving links)");
    }
    return real;
  }

  private static void quietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.debug("closing a child's pipe failed: {}", e.toString());
    }
  }
}
