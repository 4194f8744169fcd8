package dev.switchboard.loadgen;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** One workload: runs against the bridge and completes with its figures. */
interface Scenario {

  Future<JsonObject> run();

  enum Kind {
    FANOUT, ROOMS, STORM, IDLE, CROSS_NODE, REPLAY;

    static Kind parse(String value) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(value)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("--scenario = \"" + value
          + "\" (expected fanout, rooms, storm, idle, cross-node or replay)");
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static Scenario of(LoadRun run) {
    return switch (run.options.scenario()) {
      case FANOUT, ROOMS, CROSS_NODE -> new StreamScenario(run);
      case STORM -> new StormScenario(run);
      case IDLE -> new IdleScenario(run);
      case REPLAY -> new ReplayScenario(run);
    };
  }
}
