package dev.switchboard.shared.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * The readiness checks of one node (one Vert.x instance): verticles register what must answer for the node
 * to be ready (a store, say); the management server's {@code /ready} runs them all.
 */
public final class HealthChecks implements Shareable {

  private static final String LOCAL_MAP = "sb.node";
  private static final String KEY = "health";

  private final Map<String, Supplier<Future<HealthCheck>>> checks = new ConcurrentSkipListMap<>();

  /** The registry of this Vert.x instance. */
  public static HealthChecks of(Vertx vertx) {
    LocalMap<String, HealthChecks> local = vertx.sharedData().getLocalMap(LOCAL_MAP);
    HealthChecks fresh = new HealthChecks();
    HealthChecks existing = local.putIfAbsent(KEY, fresh);
    return existing == null ? fresh : existing;
  }

  public void register(String name, Supplier<Future<HealthCheck>> check) {
    checks.put(name, check);
  }

  public void unregister(String name) {
    checks.remove(name);
  }

  /** Runs every check; a check that fails or throws counts as down with its message. */
  public Future<List<HealthCheck>> run() {
    List<Future<HealthCheck>> results = checks.entrySet().stream()
        .map(entry -> safely(entry.getKey(), entry.getValue())
            .recover(e -> Future.succeededFuture(HealthCheck.down(entry.getKey(), String.valueOf(e.getMessage())))))
        .toList();
    return Future.join(results).map(done -> results.stream().map(Future::result).toList());
  }

  private static Future<HealthCheck> safely(String name, Supplier<Future<HealthCheck>> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return Future.succeededFuture(HealthCheck.down(name, String.valueOf(e.getMessage())));
    }
  }
}
