package dev.switchboard.sim;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/** The simulated cluster: its members, the model running on each, and their counters. */
final class SimCluster implements AutoCloseable {

  private static final long JOIN_TIMEOUT_MS = 180_000;

  private final String name = "sb-sim-" + UUID.randomUUID().toString().substring(0, 8);
  private final RoutingModel model;
  private final List<SimMember> members = new ArrayList<>();
  private final List<RoutingModel.Node> nodes = new ArrayList<>();
  private final LongAdder deliveries = new LongAdder();
  private int seedPort;

  private SimCluster(RoutingModel model) {
    this.model = model;
  }

  /** Starts {@code size} members one after the other, each with the model installed, and waits for a safe cluster. */
  static SimCluster start(RoutingModel model, int size) throws Exception {
    SimCluster cluster = new SimCluster(model);
    try {
      for (int i = 0; i < size; i++) {
        cluster.join();
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** One more member, with the model installed; returns once every live member sees it and the cluster is safe. */
  SimMember join() throws Exception {
    int port = SimMember.freePort();
    if (members.isEmpty()) {
      seedPort = port;
    } else if (members.get(0).killed()) {
      seedPort = live().get(0).hazelcast().getCluster().getLocalMember().getAddress().getPort();
    }
    SimMember member = await(SimMember.start(name, "n" + members.size(), port, seedPort));
    members.add(member);
    nodes.add(await(model.start(member, deliveries)));
    int expected = live().size();
    waitFor("every member sees " + expected, () -> live().stream()
        .allMatch(m -> m.clusterSize() == expected && m.clusterSafe()), JOIN_TIMEOUT_MS);
    return member;
  }

  RoutingModel model() {
    return model;
  }

  List<SimMember> members() {
    return members;
  }

  List<SimMember> live() {
    return members.stream().filter(m -> !m.killed()).toList();
  }

  RoutingModel.Node node(int member) {
    return nodes.get(member);
  }

  long deliveries() {
    return deliveries.sum();
  }

  /** Each member's running totals, in member order (zero for a killed member). */
  List<MemberCounters> counters() {
    return members.stream().map(SimMember::counters).toList();
  }

  /** Kills a member; returns once every other member has dropped it. */
  void kill(int member) {
    members.get(member).kill();
    int expected = live().size();
    waitFor("every member drops n" + member, () -> live().stream().allMatch(m -> m.clusterSize() == expected),
        JOIN_TIMEOUT_MS);
  }

  @Override
  public void close() {
    for (int i = members.size() - 1; i >= 0; i--) {
      SimMember member = members.get(i);
      try {
        if (!member.killed() && i < nodes.size()) {
          nodes.get(i).stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        // the member closes below all the same
      }
      try {
        member.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // nothing more to do for it
      }
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code timeoutMs}. */
  static void waitFor(String what, BooleanSupplier condition, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting until " + what, e);
      }
    }
  }
}
