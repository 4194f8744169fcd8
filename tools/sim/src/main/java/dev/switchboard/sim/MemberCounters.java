package dev.switchboard.sim;

/**
 * What one member has done so far, each a running total read from the real thing: Hazelcast operations it executed
 * (Hazelcast's own {@code operation.completedCount}: partition operations, backups, partition-wide scans, cluster
 * operations), Hazelcast events it processed (its event service's executor: entry and membership events), and the messages and
 * bytes its event bus wrote to other members (Vert.x metrics SPI).
 */
record MemberCounters(long hazelcastOps, long hazelcastEvents, long busMessages, long busBytes) {

  static final MemberCounters ZERO = new MemberCounters(0, 0, 0, 0);

  MemberCounters minus(MemberCounters before) {
    return new MemberCounters(hazelcastOps - before.hazelcastOps, hazelcastEvents - before.hazelcastEvents,
        busMessages - before.busMessages, busBytes - before.busBytes);
  }

  MemberCounters plus(MemberCounters other) {
    return new MemberCounters(hazelcastOps + other.hazelcastOps, hazelcastEvents + other.hazelcastEvents,
        busMessages + other.busMessages, busBytes + other.busBytes);
  }

  /** Each count the larger of the two: the busiest member, count by count. */
  MemberCounters max(MemberCounters other) {
    return new MemberCounters(Math.max(hazelcastOps, other.hazelcastOps), Math.max(hazelcastEvents, other.hazelcastEvents),
        Math.max(busMessages, other.busMessages),
        Math.max(busBytes, other.busBytes));
  }
}
