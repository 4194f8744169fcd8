package dev.switchboard.bridge;

import dev.switchboard.bridge.socket.SocketServices;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.Role;
import dev.switchboard.shared.cluster.MemberDirectory;
import dev.switchboard.shared.cluster.MemberInfo;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The status JSON of {@code GET /api/status}: this node, the cluster's members, the counts of sockets, rooms and
 * processes (null when the process service did not answer in 2 s: unknown, not none), the events in (send and publish frames) and out (deliveries) since the node started; the busiest rooms' socket counts only for a token with {@code http.statusRoomsAuthority}.
 */
final class BridgeStatus {

  private static final int STATUS_ROOMS = 100;

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final SocketServices services;

  BridgeStatus(Vertx vertx, SwitchboardConfig config, SocketServices services) {
    this.vertx = vertx;
    this.config = config;
    this.services = services;
  }

  Future<JsonObject> of(Claims claims) {
    Future<List<MemberInfo>> members = new MemberDirectory(vertx).members();
    Future<Integer> processes = vertx.eventBus().<JsonObject>request(Addresses.PROCESSES_LIST, new JsonObject().put("limit", 1),
            new DeliveryOptions().setSendTimeout(2000))
        .map(reply -> reply.body().getInteger("total"))
        .otherwise((Integer) null);
    return Future.all(members, processes).map(done -> new JsonObject()
        .put("node", new JsonObject().put("name", config.node().name())
            .put("roles", new JsonArray(config.node().roles().stream().sorted().map(Role::word).toList()))
            .put("httpPort", config.http().port()).put("managementPort", config.management().port()))
        .put("members", new JsonArray(members.result().stream().map(MemberInfo::toPublicJson).toList()))
        .put("sockets", services.registry().size())
        .put("rooms", services.fanouts().roomCount())
        .put("events", new JsonObject().put("in", services.metrics().eventsIn()).put("out", services.metrics().eventsOut()))
        .put("processes", processes.result()))
        .map(json -> claims.hasPermission(config.http().statusRoomsAuthority())
            ? json.put("roomSockets", services.fanouts().socketCounts(STATUS_ROOMS)) : json);
  }
}
