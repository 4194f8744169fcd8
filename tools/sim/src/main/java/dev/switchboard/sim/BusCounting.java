package dev.switchboard.sim;

import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * One member's event-bus traffic, through Vert.x's metrics SPI: the messages this member's event bus writes to other
 * members ({@code messageWritten}: one per remote send, one per remote node of a publish) and their bytes on the wire.
 * Local deliveries cost no network and are not counted here.
 */
final class BusCounting implements VertxMetricsFactory, VertxMetrics, EventBusMetrics<Void> {

  private final LongAdder written = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    return this;
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return this;
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    written.increment();
    bytes.add(numberOfBytes);
  }

  long messagesWritten() {
    return written.sum();
  }

  long bytesWritten() {
    return bytes.sum();
  }
}
