package dev.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One run of one model at one cluster size: start the members, measure the idle background, then the phases —
 * registrations that put a member in a room, registrations into rooms a member already holds, publishes to rooms on
 * two members, unregistrations, the kill of a member (its clean-up), a member joining, and the last unregistrations.
 * Each phase's counts are the members' counter deltas over the phase plus {@link #TAIL_MS} (for the events its
 * operations set off), less the idle background over the same time.
 */
final class Scenario {

  /** How long after a phase's last action its events are still counted. */
  static final long TAIL_MS = 1_000;
  /** How long the idle background is measured. */
  static final long IDLE_MS = 3_000;
  /** How long after a join its re-registrations are still counted (ClusterRegroup acts 1 s after a join). */
  static final long JOIN_SETTLE_MS = 4_000;
  private static final int PUBLISH_WINDOW = 32;
  private static final long PHASE_TIMEOUT_MS = 120_000;
  private static final int KILLED = 1;
  private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);

  /** Everything a run measured, and the node-loss audit of the directory (null for a model without one). */
  record Result(List<PhaseCost> phases, DirectoryAudit.Outcome nodeLoss) {
  }

  private final SimCluster cluster;
  private final Workload workload;
  private final List<PhaseCost> phases = new ArrayList<>();
  private final List<List<RoutingModel.Registration>> firsts = new ArrayList<>();
  private final List<List<RoutingModel.Registration>> extras = new ArrayList<>();
  private double[] idleTotalPerMs;
  private double[] idleBusiestPerMs;

  private Scenario(SimCluster cluster, Workload workload) {
    this.cluster = cluster;
    this.workload = workload;
  }

  static Result run(RoutingModel model, Workload workload) throws Exception {
    long began = System.nanoTime();
    try (SimCluster cluster = SimCluster.start(model, workload.nodes())) {
      LOG.info("cluster up [model: {}, members: {}, ms: {}]", model.name(), workload.nodes(), sinceMs(began));
      return new Scenario(cluster, workload).phases();
    }
  }

  private Result phases() throws Exception {
    idle();
    measure("register: first socket of a room on its node", count(workload.firstSockets()), "",
        () -> registerAll(workload.firstSockets(), firsts));
    measure("register: room already on the node", count(workload.furtherSockets()), "",
        () -> registerAll(workload.furtherSockets(), extras));
    publish("publish: room on " + Workload.NODES_PER_ROOM + " nodes");
    publish("publish again: room on " + Workload.NODES_PER_ROOM + " nodes");
    measure("unregister: room stays on the node", count(workload.furtherSockets()), "",
        () -> closeAll(extras, -1));
    DirectoryAudit.Outcome audit = nodeLoss();
    measure("node join (after the loss)", 1, "counted until " + JOIN_SETTLE_MS + " ms after the join: the members"
        + " register their rooms and presence again " + "1 s after a member joins (ClusterRegroup)", () -> {
          cluster.join();
          Thread.sleep(JOIN_SETTLE_MS);
          return null;
        });
    measure("unregister: last socket of a room on its node", firstsLeft(), "", () -> closeAll(firsts, KILLED));
    return new Result(phases, audit);
  }

  private void idle() throws InterruptedException {
    List<MemberCounters> before = cluster.counters();
    Thread.sleep(IDLE_MS);
    List<MemberCounters> after = cluster.counters();
    MemberCounters total = MemberCounters.ZERO;
    MemberCounters busiest = MemberCounters.ZERO;
    for (int i = 0; i < before.size(); i++) {
      MemberCounters delta = after.get(i).minus(before.get(i));
      total = total.plus(delta);
      busiest = busiest.max(delta);
    }
    idleTotalPerMs = perMs(total);
    idleBusiestPerMs = perMs(busiest);
    LOG.info("idle background [model: {}, members: {}, hz ops/s: {}, hz events/s: {}]", cluster.model().name(),
        workload.nodes(), Math.round(idleTotalPerMs[0] * 1000), Math.round(idleTotalPerMs[1] * 1000));
  }

  /**
   * Publishes the workload's events and waits until every socket has each. Run twice: the first time every member
   * sends to other members' inboxes for the first time (Vert.x looks up each address's registrations once, then keeps
   * them), the second time those are warm and the directory copies read less than 2 s before may still be kept.
   */
  private void publish(String phase) throws Exception {
    long expected = (long) workload.publishes() * workload.socketsPerRoom();
    long start = cluster.deliveries();
    Buffer envelope = envelope(workload.payloadBytes());
    Random random = new Random(42);
    measure(phase, workload.publishes(),
        "payload " + workload.payloadBytes() + " B, " + workload.socketsPerRoom() + " sockets per room", () -> {
          List<Future<Void>> window = new ArrayList<>();
          for (int i = 0; i < workload.publishes(); i++) {
            int from = random.nextInt(workload.nodes());
            window.add(cluster.node(from).publish(Workload.room(i % workload.rooms()), i, envelope));
            if (window.size() == PUBLISH_WINDOW) {
              SimCluster.await(Future.all(window));
              window.clear();
            }
          }
          SimCluster.await(Future.all(window));
          SimCluster.waitFor("every socket got every event", () -> cluster.deliveries() - start >= expected,
              PHASE_TIMEOUT_MS);
          return null;
        });
    long got = cluster.deliveries() - start;
    if (got != expected) {
      throw new IllegalStateException("deliveries: expected " + expected + ", got " + got);
    }
  }

  private DirectoryAudit.Outcome nodeLoss() throws Exception {
    boolean audited = cluster.model().departuresCleared() >= 0;
    DirectoryAudit audit = audited ? DirectoryAudit.take(cluster.members().get(0).hazelcast()) : null;
    int clearedBefore = cluster.model().departuresCleared();
    long[] killedAt = new long[1];
    long[] detectedAt = new long[1];
    measure("node loss", 1, "", () -> {
      killedAt[0] = System.nanoTime();
      cluster.kill(KILLED);
      detectedAt[0] = System.nanoTime();
      if (audited) {
        SimCluster.waitFor("the departed node's rooms are cleared", () -> cluster.model().departuresCleared() > clearedBefore,
            PHASE_TIMEOUT_MS);
      }
      return null;
    });
    PhaseCost loss = phases.remove(phases.size() - 1);
    String note = "detected in " + Math.round((detectedAt[0] - killedAt[0]) / 1e6) + " ms"
        + (audited ? ", cleared in " + Math.round((cluster.model().lastClearedNanos() - killedAt[0]) / 1e6) + " ms" : "");
    DirectoryAudit.Outcome outcome = audited ? audit.after(cluster.live().get(0).hazelcast(), "n" + KILLED) : null;
    if (outcome != null) {
      note += "; " + outcome.note();
    }
    phases.add(new PhaseCost(loss.model(), loss.nodes(), loss.liveMembers(), loss.phase() + " (E = "
        + workload.roomsPerMember() * Workload.NODES_PER_ROOM + " directory entries)", loss.actions(), loss.millis(),
        loss.total(), loss.busiest(), note));
    return outcome;
  }

  private interface Phase {
    Object run() throws Exception;
  }

  private void measure(String phase, long actions, String note, Phase action) throws Exception {
    List<MemberCounters> before = cluster.counters();
    long start = System.nanoTime();
    action.run();
    double millis = (System.nanoTime() - start) / 1e6;
    Thread.sleep(TAIL_MS);
    double windowMs = (System.nanoTime() - start) / 1e6;
    List<MemberCounters> after = cluster.counters();
    MemberCounters total = MemberCounters.ZERO;
    MemberCounters busiest = MemberCounters.ZERO;
    for (int i = 0; i < after.size(); i++) {
      if (cluster.members().get(i).killed()) {
        continue;
      }
      MemberCounters delta = after.get(i).minus(i < before.size() ? before.get(i) : MemberCounters.ZERO);
      total = total.plus(delta);
      busiest = busiest.max(delta);
    }
    int live = cluster.live().size();
    PhaseCost cost = new PhaseCost(cluster.model().name(), workload.nodes(), live, phase, actions, millis,
        PhaseCost.Counts.of(total).minus(counts(idleTotalPerMs).times(windowMs * live / workload.nodes())),
        PhaseCost.Counts.of(busiest).minus(counts(idleBusiestPerMs).times(windowMs)), note);
    phases.add(cost);
    LOG.info("phase done [model: {}, members: {}, phase: {}, actions: {}, ms: {}]", cost.model(), workload.nodes(), phase,
        actions, Math.round(millis));
  }

  private Object registerAll(List<List<Workload.Socket>> sockets, List<List<RoutingModel.Registration>> into)
      throws Exception {
    List<Future<Void>> members = new ArrayList<>();
    for (List<Workload.Socket> ofMember : sockets) {
      List<RoutingModel.Registration> registrations = new ArrayList<>();
      into.add(registrations);
      Future<Void> chain = Future.succeededFuture();
      for (Workload.Socket socket : ofMember) {
        // one at a time per member: each registration's cost alone, none coalesced with the next
        chain = chain.compose(v -> cluster.node(socket.member()).register(socket.user(), socket.room())
            .map(registration -> {
              registrations.add(registration);
              return null;
            }));
      }
      members.add(chain);
    }
    return SimCluster.await(Future.all(members));
  }

  private Object closeAll(List<List<RoutingModel.Registration>> registrations, int except) throws Exception {
    List<Future<Void>> members = new ArrayList<>();
    for (int m = 0; m < registrations.size(); m++) {
      if (m == except && cluster.members().get(m).killed()) {
        continue;
      }
      Future<Void> chain = Future.succeededFuture();
      for (RoutingModel.Registration registration : registrations.get(m)) {
        chain = chain.compose(v -> registration.close());
      }
      members.add(chain);
    }
    return SimCluster.await(Future.all(members));
  }

  private long firstsLeft() {
    long n = 0;
    for (int m = 0; m < firsts.size(); m++) {
      if (!cluster.members().get(m).killed()) {
        n += firsts.get(m).size();
      }
    }
    return n;
  }

  private static long count(List<List<Workload.Socket>> sockets) {
    return sockets.stream().mapToLong(List::size).sum();
  }

  private static Buffer envelope(int bytes) {
    char[] data = new char[Math.max(0, bytes - 40)];
    Arrays.fill(data, 'x');
    return Buffer.buffer("{\"type\":\"sim.event\",\"data\":\"" + new String(data) + "\"}");
  }

  private double[] perMs(MemberCounters c) {
    return new double[] {c.hazelcastOps() / (double) IDLE_MS, c.hazelcastEvents() / (double) IDLE_MS,
        c.busMessages() / (double) IDLE_MS, c.busBytes() / (double) IDLE_MS};
  }

  private static PhaseCost.Counts counts(double[] perMs) {
    return new PhaseCost.Counts(perMs[0], perMs[1], perMs[2], perMs[3]);
  }

  private static long sinceMs(long began) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
  }
}
