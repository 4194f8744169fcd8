package dev.switchboard.bridge.rest;

import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code http.requestsPerSecond} / {@code http.requestBurst}: one bucket per caller, a bounded table. */
class RequestRateLimitTest {

  private static Claims user(String sub) {
    return Claims.of(new JsonObject().put("sub", sub));
  }

  @Test
  @DisplayName("a caller has its burst, then its rate; another caller is unaffected")
  void perCaller() {
    RequestRateLimit limit = new RequestRateLimit(5, 5);
    long now = 0;
    for (int i = 0; i < 5; i++) {
      assertThat(limit.tryTake(user("a"), "10.0.0.1", now)).isTrue();
    }
    assertThat(limit.tryTake(user("a"), "10.0.0.1", now)).isFalse();
    assertThat(limit.tryTake(user("b"), "10.0.0.1", now)).isTrue();
    assertThat(limit.tryTake(user("a"), "10.0.0.1", now + TimeUnit.MILLISECONDS.toNanos(200))).isTrue();
    assertThat(limit.refusal()).contains("http.requestsPerSecond");
  }

  @Test
  @DisplayName("anonymous callers are counted by client address")
  void anonymous() {
    RequestRateLimit limit = new RequestRateLimit(1, 1);
    assertThat(limit.tryTake(Claims.anonymous(), "10.0.0.1", 0)).isTrue();
    assertThat(limit.tryTake(Claims.anonymous(), "10.0.0.1", 0)).isFalse();
    assertThat(limit.tryTake(Claims.anonymous(), "10.0.0.2", 0)).isTrue();
  }

  @Test
  @DisplayName("the table drops refilled buckets as calls go by and never holds more than its cap")
  void bounded() {
    RequestRateLimit limit = new RequestRateLimit(10, 10, 100);
    for (int i = 0; i < 1000; i++) {
      limit.tryTake(user("u" + i), null, 0);
    }
    assertThat(limit.size()).isEqualTo(100);
    long later = TimeUnit.SECONDS.toNanos(2);
    for (int i = 0; i < 100; i++) {
      limit.tryTake(user("late"), null, later + i);
    }
    assertThat(limit.size()).isLessThanOrEqualTo(2);
  }
}
