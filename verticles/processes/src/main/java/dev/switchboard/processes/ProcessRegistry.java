package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The cluster-wide table of process records, id → record. Only the node that runs a process writes its record
 * (and, after that node left the cluster, the oldest member marks it lost). Ended records are kept for
 * {@link #ENDED_RETENTION_MS}.
 */
interface ProcessRegistry {

  long ENDED_RETENTION_MS = 3_600_000;

  default Future<Void> put(ProcessRecord record) {
    return put(record, null);
  }

  /**
   * The record, with {@code relaunch} (null: none): the start request another node runs it again with when this
   * node leaves the cluster (restart {@code anyNode}).
   */
  Future<Void> put(ProcessRecord record, JsonObject relaunch);

  /** The record, or null. */
  Future<ProcessRecord> get(String id);

  Future<List<ProcessRecord>> all();
}
