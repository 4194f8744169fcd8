package dev.switchboard.broadcaster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broadcaster's {@code switchboard_*} metrics: publishes by outcome, the time history took to append, and how many events each append request carried. Each
 * outcome's counter is made once, so counting a publish is one increment.
 */
final class PublishMetrics {

  /** What became of a publish; the label values of {@code switchboard_events_published_total}. */
  enum Outcome {
    STORED, DUPLICATE, INVALID, FORBIDDEN, TOO_LARGE, LIMIT, UNAVAILABLE, FAILED;

    String label() {
      return name().toLowerCase();
    }

    static Outcome ofCode(int code) {
      return switch (code) {
        case 400 -> INVALID;
        case 403 -> FORBIDDEN;
        case 413 -> TOO_LARGE;
        case 429 -> LIMIT;
        case 503 -> UNAVAILABLE;
        default -> FAILED;
      };
    }
  }

  private final Map<Outcome, Counter> published = new EnumMap<>(Outcome.class);
  private final Timer append;
  private final DistributionSummary batch;

  PublishMetrics(MeterRegistry registry) {
    for (Outcome outcome : Outcome.values()) {
      published.put(outcome, Counter.builder("switchboard.events.published").tag("outcome", outcome.label())
          .description("Publishes this node's broadcaster answered, by outcome").register(registry));
    }
    this.append = Timer.builder("switchboard.history.append")
        .description("From a broadcaster's append request to history's answer")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    this.batch = DistributionSummary.builder("switchboard.history.append.batch")
        .description("Events per append request a broadcaster sent to history (the group commit of one event-loop turn)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
  }

  /** The node's registry ({@code switchboard-<node>}), or a private one where no node set it up (tests). */
  static PublishMetrics of(String nodeName) {
    MeterRegistry registry = BackendRegistries.getNow("switchboard-" + nodeName);
    return new PublishMetrics(registry != null ? registry : new SimpleMeterRegistry());
  }

  void published(Outcome outcome) {
    published.get(outcome).increment();
  }

  void batched(int events) {
    batch.record(events);
  }

  void appended(long startNanos) {
    append.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }
}
