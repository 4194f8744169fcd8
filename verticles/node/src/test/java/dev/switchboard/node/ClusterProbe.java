package dev.switchboard.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One round of requests through every node's bridge, each answered or counted as a failure: a publish into every room
 * (acknowledged), a process started on that node and stopped again, the list of processes (the long-running ones
 * started before the fault must be there, running), and the presence of one room (the given users must be there).
 * Whether the published events reached every reader is the test's to check with {@link #acknowledged()}.
 */
final class ClusterProbe {

  static final long REQUEST_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String token;
  private final List<NodeProcess> nodes;
  private final List<String> rooms;
  private final List<BridgeLink> links = new CopyOnWriteArrayList<>();
  private final Map<String, PublishLoad.Ack> acknowledged = new ConcurrentHashMap<>();
  private Collection<String> longRunning = List.of();
  private String presenceRoom;
  private Collection<String> presentUsers = List.of();

  ClusterProbe(Vertx vertx, WebSocketClient client, String token, List<NodeProcess> nodes, List<String> rooms) {
    this.vertx = vertx;
    this.client = client;
    this.token = token;
    this.nodes = List.copyOf(nodes);
    this.rooms = List.copyOf(rooms);
    nodes.forEach(n -> links.add(null));
  }

  /** The process ids that every round expects, running, in the cluster's list. */
  ClusterProbe expectRunning(Collection<String> processIds) {
    this.longRunning = List.copyOf(processIds);
    return this;
  }

  /** The users every round expects in the presence of {@code room}. */
  ClusterProbe expectPresent(String room, Collection<String> users) {
    this.presenceRoom = room;
    this.presentUsers = List.copyOf(users);
    return this;
  }

  /** The probe publishes acknowledged so far: id → room, offset, epoch. */
  Map<String, PublishLoad.Ack> acknowledged() {
    return acknowledged;
  }

  /** Starts {@code sleep <seconds>} on node {@code index}, through that node's bridge; the process record. */
  Future<JsonObject> startSleep(int index, int seconds) {
    return link(index).compose(link -> link.request("sb.processes.start", new JsonObject().put("command", "sleep")
        .put("args", new JsonArray().add(String.valueOf(seconds))).put("node", nodes.get(index).name), REQUEST_TIMEOUT_MS));
  }

  /** Stops a process through node {@code index}'s bridge; the ended record. */
  Future<JsonObject> stop(int index, String processId) {
    return link(index).compose(link -> link.request("sb.processes.stop", new JsonObject().put("id", processId).put("graceMs", 1000),
        REQUEST_TIMEOUT_MS + 1000));
  }

  /** One round through every node; completes with what failed (empty: everything answered as it should). */
  Future<List<String>> round(int round) {
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Future<?>> checks = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      int index = i;
      String node = nodes.get(i).name;
      checks.add(link(index).transform(opened -> {
        if (opened.failed()) {
          failures.add("no bridge socket to " + node + ": " + opened.cause().getMessage());
          return Future.succeededFuture();
        }
        BridgeLink link = opened.result();
        List<Future<?>> perNode = new ArrayList<>();
        for (String room : rooms) {
          String id = "probe-" + round + "-" + node + "-" + room.replace(':', '-');
          perNode.add(check(failures, "publish via " + node + " into " + room,
              link.request("room." + room, new JsonObject().put("type", "probe").put("id", id).put("data", new JsonObject()),
                  REQUEST_TIMEOUT_MS).map(ack -> acknowledged.put(id, new PublishLoad.Ack(room, ack.getLong("offset"),
                  ack.getString("epoch"))))));
        }
        perNode.add(check(failures, "process start and stop on " + node, startSleep(index, 30)
            .compose(started -> stop(index, started.getString("id")))
            .map(ended -> expect(ended.getString("state").equals("stopped"), "ended as " + ended.getString("state")))));
        perNode.add(check(failures, "process list via " + node, link.request("sb.processes.list", new JsonObject(), REQUEST_TIMEOUT_MS)
            .map(this::longRunningListed)));
        if (presenceRoom != null) {
          perNode.add(check(failures, "presence via " + node, link.request("sb.presence.get",
              new JsonObject().put("room", presenceRoom), REQUEST_TIMEOUT_MS).map(this::usersPresent)));
        }
        return Future.join(perNode).transform(all -> Future.succeededFuture());
      }));
    }
    return Future.join(checks).transform(done -> Future.succeededFuture(List.copyOf(failures)));
  }

  void close() {
    links.forEach(BridgeLink::close);
  }

  private Future<BridgeLink> link(int index) {
    BridgeLink link = links.get(index);
    if (link != null && link.isOpen()) {
      return Future.succeededFuture(link);
    }
    return BridgeLink.open(vertx, client, nodes.get(index).httpPort, token).onSuccess(opened -> links.set(index, opened));
  }

  private Void longRunningListed(JsonObject list) {
    Map<String, String> states = new ConcurrentHashMap<>();
    list.getJsonArray("processes").forEach(p -> states.put(((JsonObject) p).getString("id"), ((JsonObject) p).getString("state")));
    for (String id : longRunning) {
      expect("running".equals(states.get(id)), "process " + id + " is " + states.get(id));
    }
    return null;
  }

  private Void usersPresent(JsonObject presence) {
    List<String> users = presence.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("user")).toList();
    List<String> missing = presentUsers.stream().filter(u -> !users.contains(u)).toList();
    return expect(missing.isEmpty(), "missing from presence: " + missing);
  }

  private static Void expect(boolean condition, String otherwise) {
    if (!condition) {
      throw new IllegalStateException(otherwise);
    }
    return null;
  }

  private static Future<?> check(List<String> failures, String what, Future<?> request) {
    return request.onFailure(e -> failures.add(what + ": " + e.getMessage()));
  }
}
