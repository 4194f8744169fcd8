package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health} of a real node: this node's socket count follows the sockets its bridge holds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static DashboardNode node;
  private static Vertx clients;

  @BeforeAll
  static void start() throws Exception {
    node = DashboardNode.start("health");
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("/health carries the sockets open on this node: 0, then 2 as two connect, then 1 as one leaves")
  void socketCount() throws Exception {
    assertThat(health().getInteger("sockets")).isZero();
    assertThat(health().getString("status")).isEqualTo("UP");
    TokenIssuer issuer = new TokenIssuer(node.node.vertx(), TestClusters.SECRET);
    SocketClient first = SocketClient.connect(clients, node.httpPort, issuer.issue("h1", List.of(), List.of(), Duration.ofHours(1)));
    SocketClient second = SocketClient.connect(clients, node.httpPort, issuer.issue("h2", List.of(), List.of(), Duration.ofHours(1)));
    Poll.until("/health to count 2 sockets", Duration.ofSeconds(10), () -> health().getInteger("sockets") == 2);
    first.close();
    Poll.until("/health to count 1 socket", Duration.ofSeconds(10), () -> health().getInteger("sockets") == 1);
    second.close();
    Poll.until("/health to count 0 sockets", Duration.ofSeconds(10), () -> health().getInteger("sockets") == 0);
  }

  private static JsonObject health() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.managementPort + "/health")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return new JsonObject(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
