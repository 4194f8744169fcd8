package dev.switchboard.processes;

import dev.switchboard.shared.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The registry in the Hazelcast map {@code sb.processes}: id → {@code {"record": {...}, "memberId": "..."}}, the
 * member id being the Hazelcast member of the node that runs the process. Every map call runs on a worker
 * thread.
 */
final class HazelcastProcessRegistry implements ProcessRegistry {

  static final String MAP_NAME = MapNames.PROCESSES;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastProcessRegistry.class);

  private final Context context;
  private final IMap<String, String> map;
  private volatile String memberId;

  HazelcastProcessRegistry(Context context, HazelcastInstance hazelcast) {
    this.context = context;
    this.map = hazelcast.getMap(MAP_NAME);
    this.memberId = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  @Override
  public Future<Void> put(ProcessRecord record, JsonObject relaunch) {
    JsonObject json = new JsonObject().put("record", record.toJson()).put("memberId", memberId);
    if (relaunch != null && (!record.state().ended() || record.restartPending())) {
      json.put("relaunch", relaunch);
    }
    String entry = json.encode();
    return blocking(() -> {
      if (record.state().ended()) {
        map.set(record.id(), entry, ENDED_RETENTION_MS, TimeUnit.MILLISECONDS);
      } else {
        map.set(record.id(), entry);
      }
      return null;
    });
  }

  /**
   * The cluster regrouped (a split healed; this member's id may be new): the records of the processes this node runs
   * are put back as they are (the others marked them lost when they declared this member gone).
   */
  Future<Void> regrouped(String newMemberId, List<ProcessRecord> running) {
    memberId = newMemberId;
    return Future.all(running.stream().map(this::put).toList()).mapEmpty();
  }

  @Override
  public Future<ProcessRecord> get(String id) {
    return blocking(() -> {
      String entry = map.get(id);
      return entry == null ? null : recordOf(entry);
    });
  }

  @Override
  public Future<List<ProcessRecord>> all() {
    return blocking(() -> map.values().stream().map(HazelcastProcessRegistry::recordOf).toList());
  }

  /** A map call on a worker thread; when the cluster cannot answer, a 503. */
  private <T> Future<T> blocking(java.util.concurrent.Callable<T> call) {
    return context.executeBlocking(call, false).recover(e -> {
      LOG.warn("process registry call failed: {}", e.toString());
      return Future.failedFuture(BusErrors.unavailable("the process registry is unavailable"));
    });
  }

  /** A process marked lost, with the request to run it again with (null: not to be run again). */
  record Lost(ProcessRecord record, JsonObject relaunch) {
  }

  /**
   * Blocking, for the oldest member after {@code departedMemberId} left: marks that member's starting and running
   * processes, and those waiting for a restart, lost and returns them. Each is claimed by replacing exactly the entry
   * read: of two members that both try, one marks it.
   */
  List<Lost> markLost(String departedMemberId) {
    List<Lost> lost = new ArrayList<>();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      JsonObject json = new JsonObject(entry.getValue());
      ProcessRecord record = ProcessRecord.fromJson(json.getJsonObject("record"));
      if (departedMemberId.equals(json.getString("memberId")) && (!record.state().ended() || record.restartPending())) {
        ProcessRecord marked = record.ended(ProcessState.LOST, Instant.now(), null);
        JsonObject updatedJson = json.copy().put("record", marked.toJson());
        updatedJson.remove("relaunch");
        String updated = updatedJson.encode();
        if (map.replace(entry.getKey(), entry.getValue(), updated)) {
          map.setTtl(entry.getKey(), ENDED_RETENTION_MS, TimeUnit.MILLISECONDS);
          lost.add(new Lost(marked, json.getJsonObject("relaunch")));
          LOG.info("process lost with its node [id: {}, node: {}]", marked.id(), marked.node());
        }
      }
    }
    return lost;
  }

  private static ProcessRecord recordOf(String entry) {
    return ProcessRecord.fromJson(new JsonObject(entry).getJsonObject("record"));
  }
}
