package dev.switchboard.processes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The process monitor's meters (docs/operations.md, "Metrics"), in the node's registry ({@code switchboard-<node name>}),
 * or in a private one when the node has none (tests). Labels are bounded words, never a process id or an argument.
 */
final class ProcessMetrics {

  static final String RUNNING = "switchboard.processes.running";
  static final String STARTS = "switchboard.process.starts";
  static final String ERRORS = "switchboard.process.errors";
  static final String RESTARTS = "switchboard.process.restarts";
  static final String OUTPUT_DROPPED = "switchboard.process.output.dropped";
  static final String EVENTS_RETRIED = "switchboard.process.events.retried";
  static final String EVENTS_DROPPED = "switchboard.process.events.dropped";
  static final String EVENTS_PENDING = "switchboard.process.events.pending";

  private final MeterRegistry registry;
  private final List<Gauge> gauges = new ArrayList<>();
  private final Counter outputDropped;
  private final Counter eventsRetried;

  ProcessMetrics(String nodeName, IntSupplier runningCount) {
    MeterRegistry nodeRegistry = BackendRegistries.getNow("switchboard-" + nodeName);
    this.registry = nodeRegistry != null ? nodeRegistry : new SimpleMeterRegistry();
    gauges.add(Gauge.builder(RUNNING, runningCount::getAsInt)
        .description("Processes running on this node")
        .strongReference(true)
        .register(registry));
    this.outputDropped = Counter.builder(OUTPUT_DROPPED)
        .description("Output lines not stored: the buffer was full or the broadcaster refused them").register(registry);
    this.eventsRetried = Counter.builder(EVENTS_RETRIED)
        .description("Lifecycle event publishes that failed and were retried with the same id").register(registry);
    // every series of the bounded labels exists from the start, at 0
    List.of("scheduled", "crashloop", "failed").forEach(verdict -> restarts(verdict));
    List.of("queue_full", "refused").forEach(reason -> eventsDropped(reason));
  }

  private Counter restarts(String verdict) {
    return Counter.builder(RESTARTS).description("Ends of runs under a restart policy, by what followed")
        .tag("verdict", verdict).register(registry);
  }

  private Counter eventsDropped(String reason) {
    return Counter.builder(EVENTS_DROPPED).description("Lifecycle events given up, by reason")
        .tag("reason", reason).register(registry);
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

  /** {@code verdict}: scheduled (a restart is pending), crashloop, failed (a compilation error, not restarted). */
  void restart(String verdict) {
    restarts(verdict).increment();
  }

  void outputDropped() {
    outputDropped.increment();
  }

  void eventRetried() {
    eventsRetried.increment();
  }

  /** {@code reason}: queue_full (the retry queue is at its bound), refused (400/403/413: cannot pass). */
  void eventDropped(String reason) {
    eventsDropped(reason).increment();
  }

  void pendingEvents(IntSupplier pending) {
    gauges.add(Gauge.builder(EVENTS_PENDING, pending::getAsInt)
        .description("Lifecycle events waiting to be stored (queued or in flight)")
        .strongReference(true)
        .register(registry));
  }

  MeterRegistry registry() {
    return registry;
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
