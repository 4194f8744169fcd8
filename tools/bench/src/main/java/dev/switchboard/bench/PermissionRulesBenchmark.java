package dev.switchboard.bench;

import dev.switchboard.shared.permissions.PermissionRule;
import dev.switchboard.shared.permissions.Claims;
import dev.switchboard.shared.permissions.PermissionRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link PermissionRules#allows} with a typical config of 10 rules and a token holding 50 projects:
 * an address allowed by the last rule ({@code {projects[]}}, last project), one allowed early, one
 * denied by every rule, and a 4 KB hostile address.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PermissionRulesBenchmark {

  private PermissionRules rules;
  private Claims claims;
  private String hostile;

  @Setup
  public void setUp() {
    rules = PermissionRules.compile("permissions.inbound", List.of(
        new PermissionRule("sb.broadcast.publish", "admin"),
        new PermissionRule("sb.processes.start", "processes"),
        new PermissionRule("sb.processes.stop", "processes"),
        new PermissionRule("sb.processes.list", null),
        new PermissionRule("sb.history.replay", null),
        new PermissionRule("sb.presence.get", null),
        new PermissionRule("room.global", "publish"),
        new PermissionRule("room.user:{sub}", null),
        new PermissionRule("room.agent:*", "agents"),
        new PermissionRule("room.project:{projects[]}", "publish")));
    JsonArray projects = new JsonArray();
    for (int i = 0; i < 50; i++) {
      projects.add("project-" + (1000 + i));
    }
    claims = Claims.of(new JsonObject().put("sub", "user-12345")
        .put("permissions", new JsonArray().add("publish").add("read"))
        .put("projects", projects)
        .put("exp", 4_000_000_000L));
    hostile = "room.project:" + "project-1".repeat(455);
  }

  @Benchmark
  public boolean allowedByLastRule() {
    return rules.allows("room.project:project-1049", claims);
  }

  @Benchmark
  public boolean allowedEarly() {
    return rules.allows("sb.history.replay", claims);
  }

  @Benchmark
  public boolean allowedUserRoom() {
    return rules.allows("room.user:user-12345", claims);
  }

  @Benchmark
  public boolean deniedProjectNotHeld() {
    return rules.allows("room.project:project-9999", claims);
  }

  @Benchmark
  public boolean deniedUnknownAddress() {
    return rules.allows("sb.node.node-a", claims);
  }

  @Benchmark
  public boolean deniedHostile4k() {
    return rules.allows(hostile, claims);
  }
}
