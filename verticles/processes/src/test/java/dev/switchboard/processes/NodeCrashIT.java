package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("faults")
@DisplayName("a node that dies")
class NodeCrashIT {

  private Process node;

  @AfterEach
  void killNode() {
    if (node != null) {
      node.destroyForcibly();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("kill -9 of a node's JVM leaves no orphan of the processes it ran")
  void noOrphansAfterKill9() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    node = new ProcessBuilder(java, "-Xmx96m", "-XX:+UseSerialGC", "-cp", classpath, CrashingNodeMain.class.getName())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    List<Long> groups = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
      if (line.startsWith("GROUP ")) {
        groups.add(Long.parseLong(line.substring(6).trim()));
      }
    }
    assertThat(groups).as("process groups started by the node").hasSize(3);
    List<OsProcesses.Stat> tree = new ArrayList<>();
    for (long group : groups) {
      Poll.until(() -> OsProcesses.inGroup(group).size() >= 6, 5_000, "tree " + group + " up");
      tree.addAll(OsProcesses.inGroup(group));
    }

    new ProcessBuilder("/bin/kill", "-KILL", Long.toString(node.pid())).inheritIO().start().waitFor();
    assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    Poll.until(() -> groups.stream().allMatch(g -> OsProcesses.inGroup(g).isEmpty()), 5_000, "every group gone");
    assertThat(OsProcesses.all()).as("survivors of the %d processes the node ran", tree.size())
        .noneMatch(p -> p.state() != 'Z' && tree.stream().anyMatch(t -> t.pid() == p.pid() && t.pgid() == p.pgid()));
    assertThat(new File("/proc/" + node.pid())).doesNotExist();
  }
}
