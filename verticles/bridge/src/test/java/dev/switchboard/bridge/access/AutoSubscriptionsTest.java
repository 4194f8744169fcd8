package dev.switchboard.bridge.access;

import dev.switchboard.shared.permissions.Claims;
import dev.switchboard.shared.permissions.PermissionRule;
import dev.switchboard.shared.permissions.PermissionRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AutoSubscriptionsTest {

  private static final AccessPolicy ACCESS = new AccessPolicy(PermissionRules.denyAll(), PermissionRules.outbound(List.of(
      new PermissionRule("room.user:{sub}", null), new PermissionRule("room.project:{projects[]}", null),
      new PermissionRule("room.global", "global"))));

  private static Claims claims(String sub, List<String> permissions, List<String> projects) {
    return Claims.of(new JsonObject().put("sub", sub).put("permissions", new JsonArray(permissions))
        .put("projects", new JsonArray(projects)));
  }

  @Test
  @DisplayName("each template is filled from the claims and kept only where the outbound rules allow the register")
  void filledAndChecked() {
    AutoSubscriptions auto = new AutoSubscriptions(List.of("user:{sub}", "global", "project:{projects[]}"), ACCESS);
    assertThat(auto.addressesFor(claims("alice", List.of(), List.of("42", "7")), 100))
        .containsExactly("room.user:alice", "room.project:42", "room.project:7");
    assertThat(auto.addressesFor(claims("gus", List.of("global"), List.of()), 100))
        .containsExactly("room.user:gus", "room.global");
  }

  @Test
  @DisplayName("rooms no rule allows, claims that fill nothing, duplicates and rooms past the limit are skipped")
  void skipped() {
    AutoSubscriptions auto = new AutoSubscriptions(List.of("agent:{sub}", "user:{sub}", "user:{sub}",
        "project:{projects[]}"), ACCESS);
    assertThat(auto.addressesFor(claims("bob", List.of(), List.of("1", "2", "3")), 3))
        .containsExactly("room.user:bob", "room.project:1", "room.project:2");
    assertThat(auto.addressesFor(Claims.anonymous(), 100)).isEmpty();
    assertThat(new AutoSubscriptions(List.of(), ACCESS).addressesFor(claims("c", List.of(), List.of()), 100)).isEmpty();
  }
}
