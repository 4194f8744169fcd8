package dev.switchboard.bridge.metrics;

import dev.switchboard.bridge.fanout.DeliveryStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's {@code switchboard_*} metrics: sockets, HTTP connections, frames in by type, refusals by reason, closes by
 * reason, events delivered, and the delivery latency from an event's {@code ts} to its socket writes.
 */
public final class BridgeMetrics implements DeliveryStats {

  private final MeterRegistry registry;
  private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Timer delivery;
  private final Timer replay;

  /** {@code sockets} and {@code connections} count what is open now (the socket registry, the connection guard). */
  public BridgeMetrics(MeterRegistry registry, IntSupplier sockets, IntSupplier connections) {
    this.registry = registry;
    Gauge.builder("switchboard.bridge.sockets", sockets, IntSupplier::getAsInt).strongReference(true)
        .description("Sockets open on this node's bridge").register(registry);
    Gauge.builder("switchboard.bridge.connections", connections, IntSupplier::getAsInt).strongReference(true)
        .description("HTTP connections open on this node's bridge, upgraded to sockets or not").register(registry);
    this.delivered = Counter.builder("switchboard.events.delivered")
        .description("Room events written to sockets (one per socket)").register(registry);
    this.delivery = Timer.builder("switchboard.delivery")
        .description("From an event's ts to its write to the sockets of this node")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    this.replay = Timer.builder("switchboard.history.replay")
        .description("A history read of this node's fan-out (a resuming socket's page, a gap), retries included")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }

  @Override
  public void replayed(long nanos) {
    replay.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The node's registry ({@code switchboard-<node>}), or a private one where no node set it up (tests). */
  public static MeterRegistry registryOf(String nodeName) {
    MeterRegistry registry = BackendRegistries.getNow("switchboard-" + nodeName);
    return registry != null ? registry : new SimpleMeterRegistry();
  }

  public void frameIn(String type) {
    framesIn.computeIfAbsent(type, t -> Counter.builder("switchboard.bridge.frames.in").tag("type", t)
        .description("Frames received from clients, by type (invalid: unparseable or malformed)").register(registry))
        .increment();
  }

  public void refused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder("switchboard.bridge.refused").tag("reason", r)
        .description("Frames and requests refused, by failureType").register(registry)).increment();
  }

  public void closed(String reason) {
    closed.computeIfAbsent(reason, r -> Counter.builder("switchboard.bridge.closed").tag("reason", r)
        .description("Sockets closed by the bridge, by reason").register(registry)).increment();
  }

  @Override
  public void delivered(int sockets, long eventTsMillis) {
    delivered.increment(sockets);
    if (eventTsMillis > 0) {
      delivery.record(Math.max(0, System.currentTimeMillis() - eventTsMillis), TimeUnit.MILLISECONDS);
    }
  }

  /** Frames that carried an event or a request into the bus ({@code send} and {@code publish}) since the start. */
  public long eventsIn() {
    return (long) (count(framesIn.get("send")) + count(framesIn.get("publish")));
  }

  /** Deliveries to sockets since the start. */
  public long eventsOut() {
    return (long) delivered.count();
  }

  private static double count(Counter counter) {
    return counter == null ? 0 : counter.count();
  }
}
