package dev.switchboard.bridge.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SignInCodesTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final SignInCodes codes = new SignInCodes(vertx.sharedData().getLocalMap("test.signin"), now::get);

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  @DisplayName("a code is 32 of [A-Za-z0-9_-] and redeems once")
  void once() {
    String code = codes.issue();
    assertThat(code).matches("[A-Za-z0-9_-]{32}");
    assertThat(codes.issue()).isNotEqualTo(code);
    assertThat(codes.redeem(code)).isTrue();
    assertThat(codes.redeem(code)).isFalse();
  }

  @Test
  @DisplayName("a code is valid for 10 minutes, not a millisecond more")
  void expires() {
    String late = codes.issue();
    String inTime = codes.issue();
    now.addAndGet(SignInCodes.VALID.toMillis() - 1);
    assertThat(codes.redeem(inTime)).isTrue();
    now.addAndGet(1);
    assertThat(codes.redeem(late)).isFalse();
  }

  @Test
  @DisplayName("anything not shaped like a code is refused without a look-up")
  void shape() {
    assertThat(codes.redeem(null)).isFalse();
    assertThat(codes.redeem("")).isFalse();
    assertThat(codes.redeem("a".repeat(33))).isFalse();
    assertThat(codes.redeem("a".repeat(31) + "/")).isFalse();
  }
}
