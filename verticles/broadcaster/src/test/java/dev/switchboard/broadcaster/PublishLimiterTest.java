package dev.switchboard.broadcaster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PublishLimiterTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  @DisplayName("a bucket holds a second's worth and refills at the rate")
  void bucket() {
    PublishLimiter limiter = new PublishLimiter(10, 100, nanos::get);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("u")).isTrue();
    }
    assertThat(limiter.tryAcquire("u")).isFalse();
    nanos.addAndGet(100_000_000L);
    assertThat(limiter.tryAcquire("u")).isTrue();
    assertThat(limiter.tryAcquire("u")).isFalse();
    assertThat(limiter.tryAcquire("v")).isTrue();
  }

  @Test
  @DisplayName("server-side publishers share one bucket per node")
  void server() {
    PublishLimiter limiter = new PublishLimiter(3, 100, nanos::get);
    assertThat(limiter.tryAcquire(null)).isTrue();
    assertThat(limiter.tryAcquire(null)).isTrue();
    assertThat(limiter.tryAcquire(null)).isTrue();
    assertThat(limiter.tryAcquire(null)).isFalse();
    assertThat(limiter.bucketCount()).isZero();
  }

  @Test
  @DisplayName("idle buckets are forgotten; at the cap a new publisher waits until some are idle")
  void bounded() {
    PublishLimiter limiter = new PublishLimiter(5, 3, nanos::get);
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("b")).isTrue();
    assertThat(limiter.tryAcquire("c")).isTrue();
    assertThat(limiter.tryAcquire("d")).isFalse();
    nanos.addAndGet(1_000_000_000L);
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.bucketCount()).isEqualTo(1);
    nanos.addAndGet(1_000_000_000L);
    limiter.evictIdle();
    assertThat(limiter.bucketCount()).isZero();
  }

  @Test
  @DisplayName("the process monitors have their own bucket: a flood of output leaves other server-side publishers theirs")
  void processesBudget() {
    PublishLimiter limiter = new PublishLimiter(3, 20, 100, nanos::get);
    int output = 0;
    while (limiter.tryAcquire(null, "process:p1", "process.output")) {
      output++;
    }
    assertThat(output).as("output takes at most 90%% of processes.publishPerSecond").isEqualTo(18);
    assertThat(limiter.tryAcquire(null, "project:1", "note")).as("the node's server bucket is untouched").isTrue();
    assertThat(limiter.tryAcquire(null, "process:p1", "process.output")).isFalse();
    assertThat(limiter.tryAcquire(null, "processes", "process.exited")).as("the reserve is for lifecycle events").isTrue();
    assertThat(limiter.tryAcquire(null, "errors", "error.detected")).isTrue();
    assertThat(limiter.tryAcquire(null, "processes", "process.exited")).as("then the bucket is empty").isFalse();
    assertThat(limiter.tryAcquire("user", "processes", "process.exited")).as("a user is never in that bucket").isTrue();
  }
}
