package dev.switchboard.sim;

import java.util.List;

/**
 * What one phase of the simulation cost: {@code actions} actions (registrations, publishes, a kill...) over
 * {@code millis} of wall time, the counts summed over the live members and those of the busiest member, each with the
 * idle background (heartbeats and the like, measured before the phases) taken out; {@code liveMembers} is how many
 * members were up at the end of the phase (one fewer after a kill, one more after a join).
 */
record PhaseCost(String model, int nodes, int liveMembers, String phase, long actions, double millis, Counts total, Counts busiest,
                 String note) {

  /** Counts as doubles: the idle background taken out may leave fractions. */
  record Counts(double hazelcastOps, double hazelcastEvents, double busMessages, double busBytes) {

    static Counts of(MemberCounters c) {
      return new Counts(c.hazelcastOps(), c.hazelcastEvents(), c.busMessages(), c.busBytes());
    }

    Counts minus(Counts o) {
      return new Counts(Math.max(0, hazelcastOps - o.hazelcastOps), Math.max(0, hazelcastEvents - o.hazelcastEvents),
          Math.max(0, busMessages - o.busMessages),
          Math.max(0, busBytes - o.busBytes));
    }

    Counts times(double factor) {
      return new Counts(hazelcastOps * factor, hazelcastEvents * factor, busMessages * factor, busBytes * factor);
    }
  }

  double per(double value) {
    return actions == 0 ? 0 : value / actions;
  }

  static final List<String> COLUMNS = List.of("model", "N", "phase", "actions", "hz ops/action",
      "hz events/action", "hz events/member/action", "bus msgs/action", "bus bytes/action",
      "busiest member hz ops/action", "busiest member hz events/action", "ms", "note");

  List<String> cells() {
    return List.of(model, String.valueOf(nodes), phase, String.valueOf(actions), fmt(per(total.hazelcastOps())),
        fmt(per(total.hazelcastEvents())), fmt(per(total.hazelcastEvents()) / liveMembers),
        fmt(per(total.busMessages())), fmt(per(total.busBytes())), fmt(per(busiest.hazelcastOps())),
        fmt(per(busiest.hazelcastEvents())), String.valueOf(Math.round(millis)), note);
  }

  private static String fmt(double value) {
    if (value >= 100) {
      return String.valueOf(Math.round(value));
    }
    return String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
