package dev.switchboard.shared.cluster.rooms;

import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.presence.Presence;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room routing and presence on a real single-member Hazelcast cluster, directly: a subscription lists the node in the
 * directory and receives what is delivered to the room; closing it unlists the node; a departed node is forgotten; a
 * user's sockets are counted per room and the user is present while one of them is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoomRoutingIT {

  private static Vertx vertx;
  private static RoomRouting routing;

  @BeforeAll
  static void start() throws Exception {
    int port = LoopbackPorts.free();
    ClusterConfig cluster = new ClusterConfig("sb-routing-" + UUID.randomUUID().toString().substring(0, 8),
        "127.0.0.1", port, List.of("127.0.0.1:" + port));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    vertx = Futures.get(Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(cluster))).buildClustered());
    routing = Futures.get(RoomRouting.install(vertx, "n1"));
  }

  @AfterAll
  static void stop() throws Exception {
    Futures.get(vertx.close());
  }

  @Test
  @DisplayName("a subscription lists the node, gets the room's events, and closing it unlists the node")
  void subscribeDeliverClose() throws Exception {
    BlockingQueue<RoomEvent> received = new LinkedBlockingQueue<>();
    RoomSubscription subscription = Futures.get(routing.subscribe("project:7", received::add));
    assertThat(Futures.get(routing.directory().nodesOf("project:7"))).containsExactly("n1");
    assertThat(routing.localRoomCount()).isEqualTo(1);

    RoomEvent event = new RoomEvent("project:7", 1, "e1", "t", System.currentTimeMillis(),
        Buffer.buffer("{\"room\":\"project:7\",\"offset\":1}"));
    assertThat(Futures.get(routing.deliver(event))).isEqualTo(1);
    RoomEvent got = received.poll(10, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.offset()).isEqualTo(1);
    assertThat(got.envelope().toString()).contains("\"offset\":1");

    Futures.get(subscription.close());
    assertThat(Futures.get(routing.directory().nodesOf("project:7"))).isEmpty();
    assertThat(Futures.get(routing.deliver(event))).isZero();
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  @DisplayName("a node that left is forgotten in every room it held, and only that node")
  void forgetNode() throws Exception {
    RoomDirectory directory = routing.directory();
    Futures.get(directory.add(java.util.Set.of("agent:1", "agent:2"), "gone"));
    Futures.get(directory.add(java.util.Set.of("agent:2"), "stays"));
    Futures.get(routing.forgetNode("gone"));
    assertThat(Futures.get(directory.nodesOf("agent:1"))).isEmpty();
    assertThat(Futures.get(directory.nodesOf("agent:2"))).containsExactly("stays");
  }

  @Test
  @DisplayName("presence counts a user's sockets per room: present while one remains, gone with the last")
  void presence() throws Exception {
    Presence presence = Presence.of(vertx);
    JsonObject request = new JsonObject().put("room", "project:9");
    Futures.get(presence.joined("project:9", "alice"));
    Futures.get(presence.joined("project:9", "alice"));
    Futures.get(presence.joined("project:9", "bob"));
    JsonObject both = Futures.get(presence.get(request));
    assertThat(both.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("user") + "="
        + ((JsonObject) m).getInteger("connections"))).containsExactly("alice=2", "bob=1");
    Futures.get(presence.left("project:9", "alice"));
    Futures.get(presence.left("project:9", "bob"));
    JsonObject one = Futures.get(presence.get(request));
    assertThat(one.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("user"))).containsExactly("alice");
    Futures.get(presence.left("project:9", "alice"));
    assertThat(Futures.get(presence.get(request)).getJsonArray("members")).isEmpty();
  }
}
