package dev.switchboard.sim;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimOptionsTest {

  @Test
  @DisplayName("options are read from --key value pairs, with defaults for those not given")
  void parses() {
    SimOptions options = SimOptions.parse(new String[] {"--nodes", "2,16,24", "--extra-sockets", "0", "--out", "t.md"});
    assertThat(options.sizes()).containsExactly(2, 16, 24);
    assertThat(options.extraSockets()).isZero();
    assertThat(options.roomsPerMember()).isEqualTo(10);
    assertThat(options.out()).isEqualTo(Path.of("t.md"));
    assertThat(options.workload(4).socketsPerRoom()).isEqualTo(2);
  }

  @Test
  @DisplayName("a bad option is refused naming the option, the value and what was expected")
  void refusesBadValues() {
    for (List<String> args : List.of(List.of("--nodes", "1"), List.of("--nodes", "2,x"), List.of("--nodes", "49"),
        List.of("--payload-bytes", "10"), List.of("--rooms-per-member", "1001"))) {
      assertThatThrownBy(() -> SimOptions.parse(args.toArray(String[]::new)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(args.get(0) + ": expected a whole number from")
          .hasMessageContaining("got \"");
    }
    assertThatThrownBy(() -> SimOptions.parse(new String[] {"--speed", "9"})).hasMessageStartingWith("unknown option --speed");
    assertThatThrownBy(() -> SimOptions.parse(new String[] {"--nodes"})).hasMessageContaining("pairs");
  }

  @Test
  @DisplayName("the workload holds every room on two members at every size, and the same sockets per member")
  void workloadShape() {
    for (int nodes : List.of(2, 5, 24)) {
      Workload workload = new Workload(nodes, 3, 2, 10, 200);
      assertThat(workload.firstSockets()).allSatisfy(sockets -> assertThat(sockets).hasSize(6));
      assertThat(workload.furtherSockets()).allSatisfy(sockets -> assertThat(sockets).hasSize(12));
      for (int j = 0; j < workload.rooms(); j++) {
        assertThat(workload.membersOf(j)).doesNotHaveDuplicates().hasSize(Workload.NODES_PER_ROOM);
      }
    }
  }
}
