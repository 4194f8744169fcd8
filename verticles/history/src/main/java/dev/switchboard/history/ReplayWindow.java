package dev.switchboard.history;

import dev.switchboard.shared.events.ReplayRequest;

/**
 * The rules of a replay (docs/architecture.md, "Bus addresses" → Replay) over one room's log, in offsets: which
 * offsets a replay answers ({@code from}..{@code to}, inclusive; empty when {@code from > to}), whether the gap is
 * {@code recovered} and whether {@code more} follow. Every store computes its reply here from three facts of the
 * room's log: its newest offset, the oldest offset it still keeps (newest + 1 when it keeps none) and whether the
 * asked epoch is the room's. Retained offsets are contiguous: retention only ever drops the oldest events.
 */
record ReplayWindow(long from, long to, boolean recovered, boolean more) {

  static ReplayWindow of(ReplayRequest request, long lastOffset, long oldestKept, boolean epochMatches) {
    long from;
    boolean recovered;
    if (request.since() == null) {
      from = Math.max(oldestKept, lastOffset - request.limit() + 1);
      recovered = epochMatches;
    } else if (request.since() > lastOffset) {
      from = lastOffset + 1;
      recovered = false;
    } else {
      from = Math.max(oldestKept, request.since() + 1);
      recovered = epochMatches && request.since() >= oldestKept - 1;
    }
    long to = Math.min(lastOffset, from + request.limit() - 1);
    return new ReplayWindow(from, to, recovered, to < lastOffset);
  }

  static boolean epochMatches(ReplayRequest request, String epoch) {
    return request.epoch() == null || request.epoch().equals(epoch);
  }

  boolean isEmpty() {
    return from > to;
  }

  boolean contains(long offset) {
    return offset >= from && offset <= to;
  }

  /** How many events the window holds. */
  int size() {
    return isEmpty() ? 0 : (int) (to - from + 1);
  }
}
