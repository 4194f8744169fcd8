package dev.switchboard.bridge.transport;

import dev.switchboard.bridge.transport.SessionBindings.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SessionBindingsTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  @DisplayName("a session id belongs to the token of its first receiving request: the same string goes on, another or none is forbidden")
  void boundToFirstToken() {
    SessionBindings bindings = new SessionBindings(10, 5_000);
    assertThat(bindings.receive("s1", "token-a", 0)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.started("s1")).isTrue();
    assertThat(bindings.receive("s1", "token-a", SECOND)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.send("s1", "token-a")).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.receive("s1", "token-b", SECOND)).isEqualTo(Verdict.FORBIDDEN);
    assertThat(bindings.receive("s1", null, SECOND)).isEqualTo(Verdict.FORBIDDEN);
    assertThat(bindings.send("s1", "token-b")).isEqualTo(Verdict.FORBIDDEN);
    assertThat(bindings.send("s1", "token-a ")).as("compared as sent").isEqualTo(Verdict.FORBIDDEN);
    assertThat(bindings.send("s1", null)).isEqualTo(Verdict.FORBIDDEN);
  }

  @Test
  @DisplayName("a session opened without a token takes only requests without one; a send to an unbound id binds nothing")
  void noTokenIsAValue() {
    SessionBindings bindings = new SessionBindings(10, 5_000);
    assertThat(bindings.receive("anon", null, 0)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.send("anon", null)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.send("anon", "token-a")).isEqualTo(Verdict.FORBIDDEN);
    assertThat(bindings.send("unbound", "token-a")).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("a binding goes when its session closes; one whose session never started expires after the pending time")
  void bindingsGo() {
    SessionBindings bindings = new SessionBindings(10, 5_000);
    bindings.receive("live", "a", 0);
    bindings.started("live");
    bindings.receive("never", "b", 0);
    assertThat(bindings.expire(5 * SECOND)).isZero();
    assertThat(bindings.expire(5 * SECOND + 1)).isEqualTo(1);
    assertThat(bindings.receive("never", "c", 6 * SECOND)).as("the id is free again").isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.started("missing")).isFalse();
    bindings.closed("live");
    assertThat(bindings.receive("live", "d", 6 * SECOND)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("past its capacity the table refuses new sessions, still serves the bound ones, and takes new ones once some go")
  void hardCap() {
    SessionBindings bindings = new SessionBindings(2, 5_000);
    bindings.receive("s1", "a", 0);
    bindings.receive("s2", "a", 0);
    assertThat(bindings.receive("s3", "a", 0)).isEqualTo(Verdict.FULL);
    assertThat(bindings.receive("s1", "a", 0)).isEqualTo(Verdict.ALLOWED);
    assertThat(bindings.size()).isEqualTo(2);
    bindings.closed("s1");
    assertThat(bindings.receive("s3", "a", 0)).isEqualTo(Verdict.ALLOWED);
  }
}
