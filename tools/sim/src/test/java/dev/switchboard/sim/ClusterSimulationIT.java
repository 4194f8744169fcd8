package dev.switchboard.sim;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The short simulation (docs/scale.md): 2, 3 and 4 real Hazelcast members in this JVM, Switchboard's routing and the
 * stock bridge's model, small counts. It checks the shape of the counts — what an action costs does not grow with the
 * cluster between 2 and 4 members where the design says it does not, and grows where the stock model's does — never a
 * time.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClusterSimulationIT {

  private static final SimOptions OPTIONS = SimOptions.parse(new String[] {"--rooms-per-member", "4",
      "--extra-sockets", "1", "--publishes-per-member", "40"});
  private static final Map<String, Scenario.Result> RESULTS = new HashMap<>();
  /** Hazelcast's partition count (conf/cluster.xml keeps the default): a partition-wide pass costs one operation each. */
  private static final int PARTITIONS = 271;

  @BeforeAll
  static void run() throws Exception {
    for (int nodes : List.of(2, 3, 4)) {
      RESULTS.put("switchboard/" + nodes, Scenario.run(new SwitchboardModel(), OPTIONS.workload(nodes)));
      RESULTS.put("stock-bridge/" + nodes, Scenario.run(new StockBridgeModel(), OPTIONS.workload(nodes)));
    }
  }

  @Test
  @DisplayName("a socket registering costs the same Hazelcast operations at 2 and 4 members, and each member hears of"
      + " at most one directory change per new room on a node")
  void registrationsDoNotGrow() {
    for (String phase : List.of("register: first socket of a room on its node", "register: room already on the node",
        "unregister: room stays on the node")) {
      PhaseCost two = cost("switchboard", 2, phase);
      PhaseCost four = cost("switchboard", 4, phase);
      assertThat(four.per(four.total().hazelcastOps())).as(phase)
          .isCloseTo(two.per(two.total().hazelcastOps()), within(0.5));
      assertThat(four.per(four.total().hazelcastEvents()) / 4).as(phase).isLessThan(1.2);
    }
    // a socket joining a room its node already holds: presence only, no directory change, no event
    PhaseCost existing = cost("switchboard", 4, "register: room already on the node");
    assertThat(existing.per(existing.total().hazelcastEvents())).isLessThan(0.2);
  }

  @Test
  @DisplayName("the stock bridge's registrations send an event to every member: 2 per socket at 2 members, 4 at 4")
  void stockRegistrationsGrow() {
    PhaseCost two = cost("stock-bridge", 2, "register: room already on the node");
    PhaseCost four = cost("stock-bridge", 4, "register: room already on the node");
    assertThat(two.per(two.total().hazelcastEvents())).isCloseTo(2, within(0.3));
    assertThat(four.per(four.total().hazelcastEvents())).isCloseTo(4, within(0.3));
  }

  @Test
  @DisplayName("a publish to a room on 2 nodes costs at most one directory read and at most 2 event-bus messages,"
      + " at 2 and at 4 members, and every socket gets every event")
  void publishesAreBoundedByTheRoomsNodes() {
    for (int nodes : List.of(2, 4)) {
      PhaseCost publish = cost("switchboard", nodes, "publish: room on 2 nodes");
      // at most one directory read (one operation, no backup) per publish; the 0.2 is what is left of the background
      assertThat(publish.per(publish.total().hazelcastOps())).as("hz ops per publish at %d", nodes).isLessThanOrEqualTo(1.2);
      assertThat(publish.per(publish.total().busMessages())).as("bus messages per publish at %d", nodes)
          .isLessThanOrEqualTo(2.0);
      assertThat(publish.per(publish.total().hazelcastEvents())).as("hz events per publish at %d", nodes).isLessThan(0.1);
      // the same publishes again within 2 s: every node's directory copy is fresh, no read at all
      PhaseCost again = cost("switchboard", nodes, "publish again: room on 2 nodes");
      assertThat(again.per(again.total().hazelcastOps())).as("hz ops per warm publish at %d", nodes).isLessThan(0.1);
      assertThat(again.per(again.total().busMessages())).as("bus messages per warm publish at %d", nodes)
          .isLessThanOrEqualTo(2.0);
    }
  }

  @Test
  @DisplayName("a node loss changes the lost node's directory entries only, and every one of them")
  void nodeLossTouchesOnlyTheLostNodesEntries() {
    for (int nodes : List.of(2, 4)) {
      DirectoryAudit.Outcome outcome = RESULTS.get("switchboard/" + nodes).nodeLoss();
      assertThat(outcome.onlyLostNodesEntries()).as(outcome.note()).isTrue();
      assertThat(outcome.listingLost()).isEqualTo(OPTIONS.roomsPerMember() * Workload.NODES_PER_ROOM);
    }
  }

  @Test
  @DisplayName("Switchboard's own node-loss clean-up (its operations beyond the stock model's, which shares Vert.x's and"
      + " Hazelcast's) runs once, not once per surviving member: one more survivor adds less than one pass over the"
      + " partitions")
  void nodeLossCleanUpRunsOnce() {
    // from 3 members on, a survivor has backups to write after a loss, as at every larger size (at 2 it has none)
    double three = ownNodeLossOps(3);
    double four = ownNodeLossOps(4);
    assertThat(four - three).as("own node-loss operations at 3 members: %.0f, at 4: %.0f", three, four)
        .isLessThan(PARTITIONS);
  }

  private static double ownNodeLossOps(int nodes) {
    PhaseCost switchboard = cost("switchboard", nodes, "node loss");
    PhaseCost stock = cost("stock-bridge", nodes, "node loss");
    return switchboard.total().hazelcastOps() - stock.total().hazelcastOps();
  }

  private static PhaseCost cost(String model, int nodes, String phase) {
    return RESULTS.get(model + "/" + nodes).phases().stream().filter(p -> p.phase().startsWith(phase)).findFirst()
        .orElseThrow(() -> new AssertionError("no phase " + phase + " for " + model + " at " + nodes));
  }
}
