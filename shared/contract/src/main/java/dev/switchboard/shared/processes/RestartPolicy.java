package dev.switchboard.shared.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * {@code restart}: when a process that ended is run again, in a start request or a command's default in
 * {@code processes.commands} (docs/operations.md, "Restart policy"). {@code {policy: never | on-failure | always,
 * maxRestarts, backoffMs, maxBackoffMs, resetAfterMs, anyNode}}, every field optional: a request's fields override
 * the command's, the command's override {@link #DEFAULT}. The n-th restart waits {@code backoffMs · 2^(n-1)}, at most
 * {@code maxBackoffMs}, plus up to a quarter of that as jitter (so each wait is longer than the one before until the
 * cap). A run that lasted longer than {@code resetAfterMs} resets the count. With {@code anyNode}, a process whose
 * node left the cluster is run again by the node that marks it lost (a restart like the others, counted).
 */
public record RestartPolicy(Policy policy, int maxRestarts, long backoffMs, long maxBackoffMs, long resetAfterMs,
                            boolean anyNode) {

  /** {@code never}, 5, 1000, 30000, 60000, false. */
  public static final RestartPolicy DEFAULT = new RestartPolicy(Policy.NEVER, 5, 1_000, 30_000, 60_000, false);
  public static final int MAX_RESTARTS = 1_000;
  public static final long MAX_BACKOFF_MS = 3_600_000;
  public static final long MAX_RESET_AFTER_MS = 86_400_000;
  private static final Set<String> FIELDS = Set.of("policy", "maxRestarts", "backoffMs", "maxBackoffMs",
      "resetAfterMs", "anyNode");

  /** Which ends are followed by a restart. */
  public enum Policy {
    NEVER("never"), ON_FAILURE("on-failure"), ALWAYS("always");

    private final String word;

    Policy(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /**
   * {@code given} over {@code base}; every failure names {@code field}'s member and its value (400). A value that is
   * not an object or an unknown member is refused.
   */
  public static RestartPolicy parse(Object given, RestartPolicy base, String field) {
    if (given == null) {
      return base;
    }
    if (!(given instanceof JsonObject json)) {
      throw BusErrors.invalid(field, given, "an object {policy?, maxRestarts?, backoffMs?, maxBackoffMs?, resetAfterMs?, anyNode?}");
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw BusErrors.invalid(field + "." + name, json.getValue(name), "absent: not a restart field (one of "
            + String.join(", ", List.of("policy", "maxRestarts", "backoffMs", "maxBackoffMs", "resetAfterMs", "anyNode")) + ")");
      }
    }
    Policy policy = base.policy;
    if (json.getValue("policy") != null) {
      Object word = json.getValue("policy");
      policy = List.of(Policy.values()).stream().filter(p -> p.word.equals(word)).findFirst()
          .orElseThrow(() -> BusErrors.invalid(field + ".policy", word, "one of never, on-failure, always"));
    }
    int maxRestarts = (int) number(json, "maxRestarts", field, 0, MAX_RESTARTS, base.maxRestarts);
    long backoffMs = number(json, "backoffMs", field, 1, MAX_BACKOFF_MS, base.backoffMs);
    long maxBackoffMs = number(json, "maxBackoffMs", field, 1, MAX_BACKOFF_MS, Math.max(base.maxBackoffMs, backoffMs));
    if (maxBackoffMs < backoffMs) {
      throw BusErrors.invalid(field + ".maxBackoffMs", maxBackoffMs, "at least backoffMs (" + backoffMs + ")");
    }
    long resetAfterMs = number(json, "resetAfterMs", field, 0, MAX_RESET_AFTER_MS, base.resetAfterMs);
    Object anyNode = json.getValue("anyNode");
    if (anyNode != null && !(anyNode instanceof Boolean)) {
      throw BusErrors.invalid(field + ".anyNode", anyNode, "true or false");
    }
    return new RestartPolicy(policy, maxRestarts, backoffMs, maxBackoffMs, resetAfterMs,
        anyNode == null ? base.anyNode : (Boolean) anyNode);
  }

  /** Whether a run that ended this way is followed by a restart (before counting restarts). */
  public boolean restartsAfter(boolean failed) {
    return policy == Policy.ALWAYS || policy == Policy.ON_FAILURE && failed;
  }

  /** The wait before restart number {@code n} (1, 2, …) without jitter: {@code backoffMs · 2^(n-1)}, capped. */
  public long baseDelayMs(int n) {
    int shift = Math.min(Math.max(n - 1, 0), 40);
    double delay = (double) backoffMs * (1L << shift);
    return (long) Math.min(delay, maxBackoffMs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("policy", policy.word).put("maxRestarts", maxRestarts).put("backoffMs", backoffMs)
        .put("maxBackoffMs", maxBackoffMs).put("resetAfterMs", resetAfterMs).put("anyNode", anyNode);
  }

  private static long number(JsonObject json, String name, String field, long min, long max, long otherwise) {
    Object value = json.getValue(name);
    if (value == null) {
      return otherwise;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    throw BusErrors.invalid(field + "." + name, value, "a whole number from " + min + " to " + max);
  }
}
