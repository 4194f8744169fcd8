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
}
