package dev.switchboard.bridge;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A node for bridge tests: a real clustered Vert.x (single Hazelcast member on loopback, random cluster
 * name), room routing installed as the node installs it, and the bridge verticle deployed.
 */
final class BridgeTestNode implements AutoCloseable {

  static final String SECRET = "bridge-test-secret-0123456789abcdef";

  final Vertx vertx;
  final SwitchboardConfig config;
  final String name;

  private final MeterRegistry registry;

  private BridgeTestNode(Vertx vertx, SwitchboardConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.name = config.node().name();
    this.registry = registry;
  }

  /** A node with the bridge role; {@code overrides} on top of the defaults. */
  static BridgeTestNode start(JsonObject overrides) throws Exception {
    return start(overrides, "sb-bridge-" + UUID.randomUUID().toString().substring(0, 8), LoopbackPorts.free(), List.of());
  }

  static BridgeTestNode start(JsonObject overrides, String cluster, int clusterPort, List<Integer> otherMembers)
      throws Exception {
    JsonArray members = new JsonArray().add("127.0.0.1:" + clusterPort);
    otherMembers.forEach(p -> members.add("127.0.0.1:" + p));
    JsonObject base = new JsonObject()
        .put("node", new JsonObject().put("name", "bridge-" + clusterPort).put("roles", new JsonArray().add("bridge")))
        .put("cluster", new JsonObject().put("name", cluster).put("host", "127.0.0.1").put("port", clusterPort)
            .put("members", members))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", LoopbackPorts.free()))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)));
    JsonObject json = ConfigSchema.merge(ConfigSchema.merge(ConfigSchema.defaults(), base), overrides);
    SwitchboardConfig config = SwitchboardConfig.fromJson(json);
    // metrics as the node has them: a registry named switchboard-<node>, where the bridge puts its own
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("switchboard-" + config.node().name()).addLabels(Label.LOCAL));
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(config.cluster())))
        .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    RoomRouting.install(vertx, config.node().name()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new BridgeVerticle(), new DeploymentOptions().setConfig(json))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new BridgeTestNode(vertx, config, registry);
  }

  /** The bridge's HTTP connections, upgraded or not ({@code switchboard_bridge_connections}). */
  int connections() {
    return (int) registry.get("switchboard.bridge.connections").gauge().value();
  }

  /** The bridge's sockets ({@code switchboard_bridge_sockets}). */
  int sockets() {
    return (int) registry.get("switchboard.bridge.sockets").gauge().value();
  }

  /** Sockets the bridge closed for this reason ({@code switchboard_bridge_closed}), e.g. slow_consumer. */
  long closedFor(String reason) {
    Counter counter = registry.find("switchboard.bridge.closed").tag("reason", reason).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Frames and upgrades refused for this reason ({@code switchboard_bridge_refused}), e.g. busy. */
  long refusedFor(String reason) {
    Counter counter = registry.find("switchboard.bridge.refused").tag("reason", reason).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  int httpPort() {
    return config.http().port();
  }

  String token(String sub, List<String> permissions, List<String> projects) {
    return new TokenIssuer(vertx, SECRET).issue(sub, permissions, projects, Duration.ofHours(1));
  }

  /** A token that expires {@code inSeconds} from now. */
  String tokenExpiring(String sub, List<String> permissions, long inSeconds) {
    return new TokenIssuer(vertx, SECRET).issue(sub, permissions, List.of(),
        Duration.between(Instant.now(), Instant.now().plusSeconds(inSeconds)));
  }

  RawClient connect(String token) throws Exception {
    return connect(new WebSocketConnectOptions().setURI("/eventbus/websocket" + (token == null ? "" : "?token=" + token)));
  }

  RawClient connect(WebSocketConnectOptions options) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    options.setHost("127.0.0.1").setPort(httpPort());
    // handlers attached on the event loop as the upgrade completes, before any frame can be missed
    return client.connect(options).map(ws -> new RawClient(client, ws)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Waits until the room directory lists this node for {@code room} (its first socket's subscription is in). */
  void awaitListed(String room) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!RoomRouting.of(vertx).directory().nodesOf(room).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
        .contains(name)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("room " + room + " never listed " + name);
      }
      Thread.sleep(20);
    }
  }

  /** Delivers an event into a room through room routing, as the broadcaster does. */
  void deliver(String room, long offset, String type, JsonObject data) throws Exception {
    JsonObject envelope = new JsonObject().put("id", UUID.randomUUID().toString()).put("room", room).put("type", type)
        .put("data", data).put("ts", Instant.now().toString()).put("offset", offset).put("epoch", "e1")
        .put("source", name);
    RoomRouting.of(vertx).deliver(RoomEvent.of(envelope, System.currentTimeMillis()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }


  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
