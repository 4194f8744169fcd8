package dev.switchboard.loadgen;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.switchboard.loadgen.DeliveryLedger.Outcome.DUPLICATE;
import static dev.switchboard.loadgen.DeliveryLedger.Outcome.FIRST;
import static dev.switchboard.loadgen.DeliveryLedger.Outcome.MISROUTED;
import static dev.switchboard.loadgen.DeliveryLedger.Outcome.UNMEASURED;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTest {

  @Test
  @DisplayName("fanout: every subscriber expects every measured publish; repeats are duplicates, the rest is lost")
  void fanout() {
    DeliveryLedger ledger = new DeliveryLedger(10, 20, 1);
    DeliveryLedger.Account a = ledger.account(0, "room.project:f");
    DeliveryLedger.Account b = ledger.account(0, "room.project:f");
    ledger.expect(10 * 2);
    assertThat(a.receive(9, "room.project:f")).isEqualTo(UNMEASURED);
    assertThat(a.receive(20, "room.project:f")).isEqualTo(UNMEASURED);
    for (long k = 10; k < 20; k++) {
      assertThat(a.receive(k, "room.project:f")).isEqualTo(FIRST);
    }
    assertThat(b.receive(10, "room.project:f")).isEqualTo(FIRST);
    assertThat(b.receive(10, "room.project:f")).isEqualTo(DUPLICATE);
    assertThat(b.receive(11, "room.project:other")).isEqualTo(MISROUTED);
    assertThat(ledger.delivered()).isEqualTo(11);
    assertThat(ledger.duplicates()).isEqualTo(1);
    assertThat(ledger.misrouted()).isEqualTo(1);
    assertThat(ledger.lost()).isEqualTo(9);
  }

  @Test
  @DisplayName("rooms: subscriber i expects exactly the publishes k with k mod N = i, on its own room")
  void rooms() {
    int n = 3;
    DeliveryLedger ledger = new DeliveryLedger(6, 15, n);
    DeliveryLedger.Account[] accounts = new DeliveryLedger.Account[n];
    for (int i = 0; i < n; i++) {
      accounts[i] = ledger.account(i, "room.project:r-" + i);
    }
    ledger.expect(9);
    for (long k = 6; k < 15; k++) {
      int i = (int) (k % n);
      assertThat(accounts[i].receive(k, "room.project:r-" + i)).isEqualTo(FIRST);
    }
    assertThat(accounts[0].receive(7, "room.project:r-0")).as("k=7 belongs to subscriber 1").isEqualTo(MISROUTED);
    assertThat(accounts[1].receive(7, "room.project:r-1")).isEqualTo(DUPLICATE);
    assertThat(accounts[2].receive(8, "room.project:r-2")).isEqualTo(DUPLICATE);
    assertThat(ledger.delivered()).isEqualTo(9);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.duplicates()).isEqualTo(2);
    assertThat(ledger.misrouted()).isEqualTo(1);
  }
}
