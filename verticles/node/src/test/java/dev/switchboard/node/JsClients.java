package dev.switchboard.node;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs the client scripts of {@code clients/test} (the official {@code @vertx/eventbus-bridge-client.js} in Node and
 * in headless Chromium). Fails loudly when Node, the npm packages or Chromium are missing: {@code ./test.sh}
 * installs them.
 */
final class JsClients {

  static final Path DIR = Path.of("../../clients/test").toAbsolutePath().normalize();

  private JsClients() {
  }

  /** The last line the script printed, as JSON; fails with its output when it exits non-zero. */
  static JsonObject run(String script, Map<String, String> env) throws IOException, InterruptedException {
    return start(List.of(script), env).result(Duration.ofSeconds(90));
  }

  /**
   * Starts {@code node <command…>} in {@link #DIR}; its output is read line by line as it comes. {@code NODE_PATH} is
   * this directory's {@code node_modules}, so that the client library ({@code clients/switchboard-client}) finds its
   * one dependency there.
   */
  static Running start(List<String> command, Map<String, String> env) throws IOException {
    check();
    List<String> full = new ArrayList<>(List.of("node"));
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).directory(DIR.toFile()).redirectErrorStream(true);
    builder.environment().put("NODE_PATH", DIR.resolve("node_modules").toString());
    builder.environment().putAll(env);
    return new Running(String.join(" ", command), builder.start());
  }

  /** A running script: its lines so far, a wait for one of them, its last line once it has exited 0. */
  static final class Running implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private Running(String name, Process process) {
      this.name = name;
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output unreadable: " + e + ")");
        }
      }, "js-output-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    /** The first line (as JSON) whose {@code progress} object has {@code key}; fails with the output after {@code timeout}. */
    JsonObject awaitProgress(String key, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : lines) {
          if (line.startsWith("{\"progress\"") && new JsonObject(line).getJsonObject("progress").containsKey(key)) {
            return new JsonObject(line).getJsonObject("progress");
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
      throw new AssertionError(name + ": no progress '" + key + "' within " + timeout.toSeconds() + " s:\n" + output());
    }

    /** The last line printed, as JSON, once the script exited 0; fails with its output otherwise. */
    JsonObject result(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not finish within " + timeout.toSeconds() + " s:\n" + output());
      }
      reader.join(5_000);
      if (process.exitValue() != 0) {
        throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + output());
      }
      return new JsonObject(lines.get(lines.size() - 1));
    }

    String output() {
      return String.join("\n", lines);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  static void check() {
    if (!Files.isDirectory(DIR.resolve("node_modules/@vertx/eventbus-bridge-client.js"))) {
      throw new AssertionError("the client test packages are not installed in " + DIR
          + ": run ./test.sh, or (cd clients/test && npm ci)");
    }
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
        throw new AssertionError("node does not run: install Node.js 18+ (./test.sh checks for it)");
      }
    } catch (IOException e) {
      throw new AssertionError("node is not on PATH: install Node.js 18+ (./test.sh checks for it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
