package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.processes.GetRequest;
import dev.switchboard.shared.processes.ListRequest;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.StartRequest;
import dev.switchboard.shared.processes.StopRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The {@code sb.processes.*} services of one node. Start runs here or on the node the request names (through
 * that node's {@code sb.processes.node.<name>}); stop reaches the node that runs the process; get and list read
 * the cluster-wide registry; commands describe this node's allow-list.
 */
final class ProcessService {

  static final String ACTION_START = "start";
  static final String ACTION_STOP = "stop";
  private static final long FORWARD_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final String nodeName;
  private final ProcessSupervisor supervisor;
  private final ProcessRegistry registry;
  private final JsonObject commands;

  ProcessService(Vertx vertx, String nodeName, ProcessSupervisor supervisor, ProcessRegistry registry,
                 JsonObject commands) {
    this.commands = commands;
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.supervisor = supervisor;
    this.registry = registry;
  }

  Future<JsonObject> start(Object body) {
    StartRequest request = StartRequest.fromJson(body);
    if (request.node() == null || request.node().equals(nodeName)) {
      return supervisor.start(request).map(ProcessRecord::toJson);
    }
    JsonObject forwarded = new JsonObject().put("action", ACTION_START).put("request", request.toJson());
    return forward(request.node(), forwarded, FORWARD_TIMEOUT_MS,
        BusErrors.notFound("no processes node named " + BusErrors.show(request.node())));
  }

  Future<JsonObject> stop(Object body) {
    StopRequest request = StopRequest.fromJson(body);
    return registry.get(request.id()).compose(record -> {
      if (record == null) {
        return Future.failedFuture(BusErrors.notFound("no process " + BusErrors.show(request.id())));
      }
      if (record.state().ended() && !record.restartPending()) {
        return Future.succeededFuture(record.toJson());
      }
      if (record.node().equals(nodeName)) {
        return supervisor.runs(record.id())
            ? supervisor.stop(record.id(), request.graceMs()).map(ProcessRecord::toJson)
            : Future.succeededFuture(record.toJson());
      }
      long graceMs = request.graceMs() == null ? 0 : request.graceMs();
      JsonObject forwarded = new JsonObject().put("action", ACTION_STOP).put("request", request.toJson());
      return forward(record.node(), forwarded, FORWARD_TIMEOUT_MS + graceMs,
          BusErrors.unavailable("node " + BusErrors.show(record.node()) + " that runs the process cannot be reached"));
    });
  }

  Future<JsonObject> get(Object body) {
    GetRequest request = GetRequest.fromJson(body);
    return registry.get(request.id()).compose(record -> record == null
        ? Future.failedFuture(BusErrors.notFound("no process " + BusErrors.show(request.id())))
        : Future.succeededFuture(record.toJson()));
  }

  Future<JsonObject> list(Object body) {
    ListRequest request = ListRequest.fromJson(body);
    return registry.all().map(records -> ProcessPage.of(records, request, Instant.now()));
  }

  Future<JsonObject> commands(Object body) {
    if (body != null && !(body instanceof JsonObject json && json.isEmpty())) {
      return Future.failedFuture(BusErrors.invalid("sb.processes.commands takes no fields: send {}"));
    }
    return Future.succeededFuture(commands);
  }

  /** Requests addressed to this node by the others: {@code {action: start|stop, request}}. */
  Future<JsonObject> onThisNode(Object body) {
    if (!(body instanceof JsonObject json) || !(json.getValue("request") instanceof JsonObject request)) {
      return Future.failedFuture(BusErrors.invalid("expected {action, request}"));
    }
    String action = json.getValue("action") instanceof String s ? s : "";
    return switch (action) {
      case ACTION_START -> supervisor.start(StartRequest.fromJson(request)).map(ProcessRecord::toJson);
      case ACTION_STOP -> {
        StopRequest stop = StopRequest.fromJson(request);
        yield supervisor.runs(stop.id())
            ? supervisor.stop(stop.id(), stop.graceMs()).map(ProcessRecord::toJson)
            : get(new JsonObject().put("id", stop.id()));
      }
      default -> Future.failedFuture(BusErrors.invalid("action", action, "start or stop"));
    };
  }

  /** Sends to {@code node}'s own address; {@code whenAbsent} when that node has no such address (any more). */
  private Future<JsonObject> forward(String node, JsonObject body, long timeoutMs, ReplyException whenAbsent) {
    return vertx.eventBus().<JsonObject>request(Addresses.processesNode(node), body,
            new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            ? whenAbsent : BusErrors.toReply(e)));
  }
}
