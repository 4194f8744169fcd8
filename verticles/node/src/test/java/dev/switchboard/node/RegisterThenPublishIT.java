package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that registers on a room and publishes into it in the same breath gets its own event: frames after a
 * register wait until the node is listed for the room, and the first event of a room's log goes out at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegisterThenPublishIT {

  private static final int SOCKETS = 20;
  private SwitchboardNode node;
  private Vertx clients;

  @AfterEach
  void stop() throws Exception {
    if (clients != null) {
      clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("20 sockets each send register + publish on a new room without waiting: each gets its own event, offset 1, once")
  void ownEventAfterRegister() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject rule = new JsonObject().put("address", "room.project:*");
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "solo", port, List.of(port),
            "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject().put("inbound", new JsonArray().add(rule)).put("outbound", new JsonArray().add(rule)));
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    clients = Vertx.vertx();
    String token = new TokenIssuer(clients, TestClusters.SECRET).issue("pat", List.of(), List.of(), Duration.ofHours(1));
    int httpPort = config.getJsonObject("http").getInteger("port");

    List<SocketClient> sockets = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      String address = "room.project:rtp-" + i;
      SocketClient socket = SocketClient.connect(clients, httpPort, token);
      socket.register(address, null).send(new JsonObject().put("type", "publish").put("address", address)
          .put("body", new JsonObject().put("type", "said").put("data", new JsonObject().put("i", i))));
      sockets.add(socket);
    }
    for (int i = 0; i < SOCKETS; i++) {
      JsonObject frame = sockets.get(i).poll(5_000);
      assertThat(frame).as("socket %d's own event", i).isNotNull();
      assertThat(frame.getString("address")).isEqualTo("room.project:rtp-" + i);
      assertThat(frame.getJsonObject("body").getLong("offset")).isEqualTo(1L);
      assertThat(frame.getJsonObject("body").getJsonObject("data").getInteger("i")).isEqualTo(i);
    }
    for (SocketClient socket : sockets) {
      assertThat(socket.poll(200)).as("nothing more").isNull();
      socket.close();
    }
  }
}
