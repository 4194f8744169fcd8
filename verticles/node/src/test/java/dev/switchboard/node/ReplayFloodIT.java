package dev.switchboard.node;

import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.bridge.auth.TokenIssuer;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15, "Bytes, not frames": a room holds 1,000 events of 64 KB; a socket that never reads asks for replays in a
 * loop. The node closes it as a slow consumer and its memory (heap and direct) stays flat — replies are capped in bytes
 * ({@code history.maxReplyBytes}) and so is what a socket may have queued while behind
 * ({@code bridge.outboundQueueBytes}). Before, each reply was 100 events (6.5 MB) and a socket could queue 1,000 of
 * them.
 */
@Tag("faults")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReplayFloodIT {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayFloodIT.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int EVENTS = 1000;
  private static final String DATA = "x".repeat(65_000);
  /** Requests the stuck socket sends at most: 60 replies of 6.5 MB would be 390 MB queued on the old code. */
  private static final int MAX_REQUESTS = 60;
  private static final long REQUEST_EVERY_MS = 50;
  private static final long MEMORY_GROWTH_BOUND = 100L * 1024 * 1024;

  private SwitchboardNode node;
  private Socket stuck;

  @AfterEach
  void stop() throws Exception {
    if (stuck != null) {
      stuck.close();
    }
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a socket that never reads, asking for replays of 64 KB events in a loop, is closed; memory growth < 100 MB")
  void stuckReplayReader() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject config = TestClusters.nodeConfig(TestClusters.clusterName(), "flood", port, List.of(port),
            "history", "broadcaster", "bridge")
        .put("permissions", new JsonObject()
            .put("inbound", new JsonArray()
                .add(new JsonObject().put("address", "room.project:{projects[]}"))
                .add(new JsonObject().put("address", "sb.history.replay")))
            .put("outbound", new JsonArray().add(new JsonObject().put("address", "room.project:{projects[]}"))))
        // a REST publish body of 64 KB of data; every event kept
        .put("bridge", new JsonObject().put("maxFrameBytes", 131_072))
        .put("broadcaster", new JsonObject().put("publishPerSecond", 100_000))
        .put("history", new JsonObject().put("size", EVENTS));
    int httpPort = config.getJsonObject("http").getInteger("port");
    int managementPort = config.getJsonObject("management").getInteger("port");
    node = new SwitchboardNode(config);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    String token = new TokenIssuer(node.vertx(), TestClusters.SECRET).issue("flooder", List.of(), List.of("1"),
        Duration.ofHours(1));

    String event = new JsonObject().put("type", "blob").put("data", DATA).encode();
    for (int i = 0; i < EVENTS; i++) {
      HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
              + "/api/rooms/project:1/events")).header("Authorization", "Bearer " + token)
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).as("publish %s: %s", i, published.body()).isEqualTo(202);
    }
    long before = usedMemoryAfterGc();

    stuck = upgradeAndNeverRead(httpPort, token);
    OutputStream out = stuck.getOutputStream();
    int sent = 0;
    while (sent < MAX_REQUESTS && slowConsumersClosed(managementPort) == 0) {
      sendText(out, new JsonObject().put("type", "send").put("address", "sb.history.replay")
          .put("body", new JsonObject().put("room", "project:1").put("limit", 100)).put("replyAddress", "r" + sent).encode());
      sent++;
      Thread.sleep(REQUEST_EVERY_MS); // the client's pace, not a wait for the node
    }
    boolean closed = closedWithin(managementPort, 15_000);
    long after = usedMemoryAfterGc();

    LOG.info("replay flood: {} replay requests sent, socket closed as a slow consumer: {}; heap + direct memory after"
        + " GC before {} MB, after {} MB (growth {} MB)", sent, closed, before >> 20, after >> 20, (after - before) >> 20);
    assertThat(after - before).as("memory growth (heap + direct) after GC, %s replay requests", sent)
        .isLessThan(MEMORY_GROWTH_BOUND);
    assertThat(closed).as("the node closed the socket as a slow consumer").isTrue();
  }

  /** A TCP connection with a tiny receive buffer that does the WebSocket upgrade, reads the 101 and nothing else. */
  private static Socket upgradeAndNeverRead(int port, String token) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    socket.getOutputStream().write(("GET /eventbus/websocket?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the upgrade: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return socket;
  }

  /** One masked, final text frame (RFC 6455 5.2), as a client sends it. */
  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    int header = payload.length < 126 ? 2 : 4;
    byte[] frame = new byte[header + 4 + payload.length];
    frame[0] = (byte) 0x81;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >>> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(mask, 0, frame, header, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    out.write(frame);
    out.flush();
  }

  /** {@code switchboard_bridge_closed_total{reason="slow_consumer"}} on the node's /metrics. */
  private static long slowConsumersClosed(int managementPort) {
    TestClusters.Response metrics = TestClusters.get("http://127.0.0.1:" + managementPort + "/metrics");
    return metrics.body().lines()
        .filter(l -> l.startsWith("switchboard_bridge_closed_total{") && l.contains("reason=\"slow_consumer\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Whether the slow-consumer close is counted by the deadline (polled). */
  private static boolean closedWithin(int managementPort, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (slowConsumersClosed(managementPort) == 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  /**
   * This JVM's memory in use after a few full collections (the node runs in it): the heap, and the direct memory where
   * Netty copies what a socket has queued before it goes out (Netty's own count, and the JDK's direct buffers).
   */
  private static long usedMemoryAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + direct
        + Math.max(0, PlatformDependent.usedDirectMemory());
  }
}
