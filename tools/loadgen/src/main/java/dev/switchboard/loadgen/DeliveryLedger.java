package dev.switchboard.loadgen;

import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bookkeeping of a stream run: which measured publishes reached which subscriber. Publish {@code k} is measured
 * when {@code first <= k < total}; with a stride of 1 (fanout) every subscriber expects every publish, with a stride
 * of N (rooms) subscriber {@code i} expects exactly the publishes with {@code k mod N = i}. Lost is expected minus
 * distinct (publish, subscriber) pairs received; a repeat is a duplicate; a publish at the wrong subscriber or on
 * another room's address is misrouted.
 *
 * <p>Each {@link Account} belongs to one subscriber and is used on that subscriber's context only; the totals are
 * safe to read from anywhere.
 */
final class DeliveryLedger {

  /** What one received event was. */
  enum Outcome { UNMEASURED, FIRST, DUPLICATE, MISROUTED }

  private final long first;
  private final long total;
  private final int stride;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder misrouted = new LongAdder();
  private volatile long expected;

  DeliveryLedger(long first, long total, int stride) {
    this.first = first;
    this.total = total;
    this.stride = stride;
  }

  /** The account of the subscriber that expects publishes {@code k} with {@code k mod stride = residue} at {@code address}. */
  Account account(int residue, String address) {
    return new Account(residue, address);
  }

  /** Adds {@code pairs} expected (publish, subscriber) pairs. */
  void expect(long pairs) {
    expected += pairs;
  }

  long expected() {
    return expected;
  }

  long delivered() {
    return delivered.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long misrouted() {
    return misrouted.sum();
  }

  long lost() {
    return expected - delivered();
  }

  /** One subscriber's record of what it received. */
  final class Account {
    private final int residue;
    private final String address;
    private final BitSet seen = new BitSet();

    private Account(int residue, String address) {
      this.residue = residue;
      this.address = address;
    }

    Outcome receive(long seq, String eventAddress) {
      if (seq < first || seq >= total) {
        return Outcome.UNMEASURED;
      }
      if (seq % stride != residue || !address.equals(eventAddress)) {
        misrouted.increment();
        return Outcome.MISROUTED;
      }
      int bit = (int) ((seq - first) / stride);
      if (seen.get(bit)) {
        duplicates.increment();
        return Outcome.DUPLICATE;
      }
      seen.set(bit);
      delivered.increment();
      return Outcome.FIRST;
    }
  }
}
