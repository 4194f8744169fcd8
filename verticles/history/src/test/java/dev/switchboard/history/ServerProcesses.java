package dev.switchboard.history;

import dev.switchboard.testkit.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Running the binaries of the test servers: found or a loud failure, run to completion, waited on. */
final class ServerProcesses {

  static final String INSTALL = "install the test servers with: apt-get install -y redis-server postgresql";

  private ServerProcesses() {
  }

  /** The executable at the first path that has one, else a failure saying how to install it. */
  static Path binary(String... candidates) {
    for (String candidate : candidates) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    throw new IllegalStateException(String.join(" or ", candidates) + " not found: this test needs a real server; "
        + INSTALL);
  }

  /** Runs a command to its end; fails with its output when it exits non-zero. */
  static String run(Path workDir, List<String> command) {
    try {
      Path log = Files.createTempFile("sb-server-", ".log");
      try {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
          throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
              + "\n" + output);
        }
        return output;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** As another user when we are root (PostgreSQL refuses to run as root). */
  static List<String> as(String user, List<String> command) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void await(String what, long timeoutMs, BooleanSupplier condition) {
    Poll.until(condition, timeoutMs, what);
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is not a test failure
    }
  }
}
