package dev.switchboard.processes;

import dev.switchboard.shared.processes.ListCursor;
import dev.switchboard.shared.processes.ListRequest;
import dev.switchboard.shared.processes.ProcessRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of {@code sb.processes.list}: the records that match the filters, in the walk's order (see
 * {@link ListCursor}), after the request's cursor, at most {@code limit}; {@code {processes, total, cursor?}} where
 * {@code total} counts the matching records of the whole walk and {@code cursor} is absent on the last page.
 */
final class ProcessPage {

  private ProcessPage() {
  }

  static JsonObject of(List<ProcessRecord> records, ListRequest request, Instant now) {
    Instant asOf = request.cursor() != null ? request.cursor().asOf() : now;
    List<Map.Entry<ListCursor, ProcessRecord>> walk = records.stream()
        .filter(record -> matches(record, request) && !record.startedAt().isAfter(asOf))
        .map(record -> Map.entry(ListCursor.placeOf(record, asOf), record))
        .sorted(Map.Entry.comparingByKey(ListCursor.ORDER))
        .toList();
    List<Map.Entry<ListCursor, ProcessRecord>> after = request.cursor() == null ? walk : walk.stream()
        .filter(entry -> ListCursor.ORDER.compare(entry.getKey(), request.cursor()) > 0).toList();
    List<Map.Entry<ListCursor, ProcessRecord>> page = after.subList(0, Math.min(request.limit(), after.size()));
    JsonObject reply = new JsonObject()
        .put("processes", new JsonArray(page.stream().map(entry -> entry.getValue().toJson()).toList()))
        .put("total", walk.size());
    if (after.size() > page.size()) {
      reply.put("cursor", page.get(page.size() - 1).getKey().encode());
    }
    return reply;
  }

  private static boolean matches(ProcessRecord record, ListRequest request) {
    return (request.states().isEmpty() || request.states().contains(record.state()))
        && (request.node() == null || request.node().equals(record.node()))
        && (request.command() == null || request.command().equals(record.command()))
        && (request.since() == null || record.startedAt().toEpochMilli() >= request.since());
  }
}
