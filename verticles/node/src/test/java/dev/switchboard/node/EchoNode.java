package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node the JS-client tests run against: history, broadcaster and bridge; rules that let a token publish into and
 * register on its projects' rooms and send to the given application addresses; and {@link #ECHO}, which answers
 * {@code {echo: <body>, user: <sb-user>}}.
 */
final class EchoNode {

  static final String ECHO = "app.test.echo";

  final SwitchboardNode node;
  final int httpPort;

  private EchoNode(SwitchboardNode node, int httpPort) {
    this.node = node;
    this.httpPort = httpPort;
  }

  /** Started, with {@link #ECHO} registered; {@code moreInbound}: further addresses clients may send to. */
  static EchoNode start(String name, String... moreInbound) throws Exception {
    JsClients.check();
    int clusterPort = LoopbackPorts.free();
    JsonArray inbound = new JsonArray().add(new JsonObject().put("address", ECHO))
        .add(new JsonObject().put("address", "room.project:{projects[]}").put("authority", "publish"));
    for (String address : moreInbound) {
      inbound.add(new JsonObject().put("address", address));
    }
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), name, clusterPort, List.of(clusterPort),
            "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject().put("inbound", inbound)
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}"))));
    SwitchboardNode node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    node.vertx().eventBus().consumer(ECHO, m -> m.reply(new JsonObject().put("echo", m.body())
        .put("user", m.headers().get("sb-user")))).completion().toCompletionStage().toCompletableFuture().get();
    return new EchoNode(node, config.getJsonObject("http").getInteger("port"));
  }

  void stop() throws Exception {
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
