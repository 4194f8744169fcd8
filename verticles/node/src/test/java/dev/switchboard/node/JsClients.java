package dev.switchboard.node;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    check();
    ProcessBuilder builder = new ProcessBuilder(List.of("node", script)).directory(DIR.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish within 90 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.exitValue() != 0) {
      throw new AssertionError(script + " exited " + process.exitValue() + ":\n" + output);
    }
    String[] lines = output.split("\n");
    return new JsonObject(lines[lines.length - 1]);
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
