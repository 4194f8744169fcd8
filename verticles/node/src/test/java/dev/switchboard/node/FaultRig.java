package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a fault test drives a cluster of node JVMs with: a client Vert.x with one WebSocket client, tokens, the room
 * readers, a publish load and a probe. Closing it kills the nodes first (so that nothing waits on them), then closes
 * the clients.
 */
final class FaultRig implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultRig.class);
  private static final long REPORT_MS = 1_000;
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  final NodeCluster cluster;
  final Vertx clients = Vertx.vertx();
  final WebSocketClient sockets;
  private final TokenIssuer issuer;
  private final List<RoomReader> readers = new ArrayList<>();
  private final List<PublishLoad> loads = new ArrayList<>();
  private ClusterProbe probe;
  private long reporter = -1;

  FaultRig(NodeCluster cluster, int maxSockets) {
    this.cluster = cluster;
    // like a browser, no 64 KB frame or 256 KB message limit: the probe's process list holds an hour of ended processes
    this.sockets = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(maxSockets)
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES));
    this.issuer = new TokenIssuer(clients, TestClusters.SECRET);
  }

  /** A token of {@code user}, valid for an hour. */
  String token(String user) {
    return issuer.issue(user, List.of(), List.of(), Duration.ofHours(1));
  }

  /** A reader of {@code room} as {@code user}, first on {@code ports[node]}; not connected yet. */
  RoomReader reader(String user, List<Integer> ports, int node, String room) {
    RoomReader reader = new RoomReader(clients, sockets, token(user), ports, node, room);
    readers.add(reader);
    return reader;
  }

  /**
   * {@code clients} readers round-robin over the cluster's nodes and {@code rooms}, connected and registered, then a
   * publish load of {@code perSecond} through every node, returned once the cluster carries {@code share} of that rate
   * over {@code steady} (within two minutes).
   */
  PublishLoad steadyLoad(List<String> rooms, int clients, int perSecond, double share, Duration steady)
      throws Exception {
    List<Integer> ports = cluster.httpPorts();
    readersRoundRobin(ports, rooms, clients);
    startReaders();
    PublishLoad load = publish(ports, rooms, perSecond);
    load.awaitCarried(share, steady, Duration.ofSeconds(120));
    return load;
  }

  /** {@code count} readers {@code reader-i}, first on node {@code i % ports}, in room {@code i % rooms}; not connected yet. */
  private void readersRoundRobin(List<Integer> ports, List<String> rooms, int count) {
    for (int i = 0; i < count; i++) {
      reader("reader-" + i, ports, i % ports.size(), rooms.get(i % rooms.size()));
    }
  }

  /** Connects and registers every reader made so far. */
  void startReaders() throws Exception {
    Future.all(readers.stream().map(RoomReader::start).toList()).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  List<RoomReader> readers() {
    return readers;
  }

  /** A publish load through {@code ports} into {@code rooms}, started. */
  PublishLoad publish(List<Integer> ports, List<String> rooms, int perSecond) throws Exception {
    PublishLoad load = new PublishLoad(clients, sockets, token("publisher"), ports, rooms, perSecond, "e");
    loads.add(load);
    load.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (reporter < 0) {
      reporter = clients.setPeriodic(REPORT_MS, t -> report());
    }
    return load;
  }

  /**
   * One line a second while a load runs: what it achieved in that second and how far behind the readers are (the
   * longest time from an event's {@code ts} to a reader), so that a stall shows in the test's log with its time.
   */
  private void report() {
    long lag = readers.stream().mapToLong(RoomReader::takeMaxLag).max().orElse(0);
    loads.forEach(load -> LOG.info("load [{}; readers' longest lag {} ms]", load.progress(), lag));
  }

  /** A probe of every node of the cluster, over {@code rooms}. */
  ClusterProbe probe(List<String> rooms) {
    probe = new ClusterProbe(clients, sockets, token("prober"), cluster.nodes(), rooms);
    return probe;
  }

  @Override
  public void close() throws Exception {
    clients.cancelTimer(reporter);
    cluster.close();
    readers.forEach(RoomReader::stop);
    loads.forEach(PublishLoad::close);
    if (probe != null) {
      probe.close();
    }
    clients.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
