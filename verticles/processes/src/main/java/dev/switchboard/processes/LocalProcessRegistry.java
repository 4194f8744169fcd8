package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of a Vert.x that is not clustered (a single node without Hazelcast, tests): in this node's memory,
 * keeping at most {@link #MAX_ENDED} ended records, oldest dropped first. Used on the verticle's context only.
 */
final class LocalProcessRegistry implements ProcessRegistry {

  static final int MAX_ENDED = 10_000;

  private final Map<String, ProcessRecord> records = new LinkedHashMap<>();

  @Override
  public Future<Void> put(ProcessRecord record, JsonObject relaunch) {
    records.put(record.id(), record);
    trim();
    return Future.succeededFuture();
  }

  @Override
  public Future<ProcessRecord> get(String id) {
    return Future.succeededFuture(records.get(id));
  }

  @Override
  public Future<List<ProcessRecord>> all() {
    return Future.succeededFuture(new ArrayList<>(records.values()));
  }

  private void trim() {
    long ended = records.values().stream().filter(r -> r.state().ended()).count();
    Iterator<ProcessRecord> oldest = records.values().iterator();
    while (ended > MAX_ENDED && oldest.hasNext()) {
      if (oldest.next().state().ended()) {
        oldest.remove();
        ended--;
      }
    }
  }
}
