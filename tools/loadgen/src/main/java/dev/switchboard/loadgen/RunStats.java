package dev.switchboard.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters every client of a run adds to, from any event loop: err frames by failure type, unexpected closes. */
final class RunStats {

  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, String> errorSamples = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();
  private final LongAdder closedAfterSetup = new LongAdder();
  private volatile boolean setupDone;

  /** An err frame: counted by failure type; the first message of each type is kept as a sample. */
  void error(String failureType, String message) {
    errors.computeIfAbsent(failureType, k -> new LongAdder()).increment();
    if (message != null) {
      errorSamples.putIfAbsent(failureType, message);
    }
  }

  /** A socket the server closed (or that broke); counted once setup is done, like the Node harness does. */
  void closed(String reason) {
    if (setupDone) {
      closedAfterSetup.increment();
      closeReasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }
  }

  void setupDone() {
    setupDone = true;
  }

  long closedAfterSetup() {
    return closedAfterSetup.sum();
  }

  JsonObject errors() {
    return counts(errors);
  }

  /** The first message of each failure type: {@code {"UNAVAILABLE": "…"}}. */
  JsonObject errorSamples() {
    JsonObject json = new JsonObject();
    new TreeMap<>(errorSamples).forEach(json::put);
    return json;
  }

  JsonObject closeReasons() {
    return counts(closeReasons);
  }

  static JsonObject counts(Map<String, LongAdder> counts) {
    JsonObject json = new JsonObject();
    new TreeMap<>(counts).forEach((k, v) -> json.put(k, v.sum()));
    return json;
  }
}
