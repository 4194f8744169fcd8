package dev.switchboard.processes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.function.IntSupplier;

/**
 * {@code switchboard_processes_running} (gauge), {@code switchboard_process_starts_total{result}} and
 * {@code switchboard_process_errors_total{category,language}}, in the node's registry
 * ({@code switchboard-<node name>}), or in a private one when the node has none (tests).
 */
final class ProcessMetrics {

  static final String RUNNING = "switchboard.processes.running";
  static final String STARTS = "switchboard.process.starts";
  static final String ERRORS = "switchboard.process.errors";

  private final MeterRegistry registry;
  private final Gauge running;

  ProcessMetrics(String nodeName, IntSupplier runningCount) {
    MeterRegistry nodeRegistry = BackendRegistries.getNow("switchboard-" + nodeName);
    this.registry = nodeRegistry != null ? nodeRegistry : new SimpleMeterRegistry();
    this.running = Gauge.builder(RUNNING, runningCount::getAsInt)
        .description("Processes running on this node")
        .strongReference(true)
        .register(registry);
  }

  /** {@code result}: started, failed (could not start), rejected (refused by the allow-list), limited (429). */
  void start(String result) {
    Counter.builder(STARTS).description("Process start requests handled by this node, by result")
        .tag("result", result).register(registry).increment();
  }

  void error(String category, String language) {
    Counter.builder(ERRORS).description("Errors detected in process output, by category and language")
        .tags("category", category, "language", language).register(registry).increment();
  }

  MeterRegistry registry() {
    return registry;
  }

  void close() {
    registry.remove(running);
  }
}
