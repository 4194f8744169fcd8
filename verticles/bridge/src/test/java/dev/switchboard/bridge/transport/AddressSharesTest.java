package dev.switchboard.bridge.transport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AddressSharesTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  @DisplayName("each address gets its share of a second; past it, it is refused and marked used up until the next second")
  void sharePerAddressAndSecond() {
    AddressShares shares = new AddressShares(2);
    long t = 5 * SECOND;
    assertThat(shares.tryTake("10.0.0.1", t)).isTrue();
    assertThat(shares.tryTake("10.0.0.1", t + 1)).isTrue();
    assertThat(shares.usedUp("10.0.0.1", t + 2)).isFalse();
    assertThat(shares.tryTake("10.0.0.1", t + 3)).isFalse();
    assertThat(shares.usedUp("10.0.0.1", t + 4)).isTrue();
    assertThat(shares.tryTake("10.0.0.2", t + 5)).as("another address, its own share").isTrue();
    assertThat(shares.usedUp("10.0.0.1", t + SECOND)).as("a new second").isFalse();
    assertThat(shares.tryTake("10.0.0.1", t + SECOND)).isTrue();
    assertThat(shares.tracked()).as("only the current second's addresses are kept").isEqualTo(1);
  }

  @Test
  @DisplayName("0 means no limit, and an unknown address is never refused by its share")
  void offAndUnknown() {
    AddressShares off = new AddressShares(0);
    AddressShares on = new AddressShares(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(off.tryTake("10.0.0.1", i)).isTrue();
      assertThat(on.tryTake(null, i)).isTrue();
    }
    assertThat(off.usedUp("10.0.0.1", 1000)).isFalse();
    assertThat(off.tracked()).isZero();
  }
}
