package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessRecord;
import io.vertx.core.Future;

import java.util.List;

/**
 * The cluster-wide table of process records, id → record. Only the node that runs a process writes its record
 * (and, after that node left the cluster, the oldest member marks it lost). Ended records are kept for
 * {@link #ENDED_RETENTION_MS}.
 */
interface ProcessRegistry {

  long ENDED_RETENTION_MS = 3_600_000;

  Future<Void> put(ProcessRecord record);

  /** The record, or null. */
  Future<ProcessRecord> get(String id);

  Future<List<ProcessRecord>> all();
}
