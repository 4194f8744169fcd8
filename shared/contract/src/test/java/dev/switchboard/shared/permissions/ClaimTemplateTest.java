package dev.switchboard.shared.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimTemplateTest {

  private static Claims claims(JsonObject json) {
    return Claims.of(json);
  }

  @Test
  @DisplayName("{claim} takes the string claim, {claim[]} each usable value in order; a literal text is itself")
  void fills() {
    Claims claims = claims(new JsonObject().put("sub", "alice").put("projects", new JsonArray().add("42").add("7")));
    assertThat(ClaimTemplate.of("user:{sub}").fill(claims, 100)).containsExactly("user:alice");
    assertThat(ClaimTemplate.of("project:{projects[]}").fill(claims, 100)).containsExactly("project:42", "project:7");
    assertThat(ClaimTemplate.of("global").fill(claims, 100)).containsExactly("global");
    assertThat(ClaimTemplate.of("a:{sub}:{projects[]}").fill(claims, 100)).containsExactly("a:alice:42", "a:alice:7");
  }

  @Test
  @DisplayName("a value a rule's placeholder could not match fills nothing, so a claim never reaches past a separator")
  void unusableValues() {
    Claims claims = claims(new JsonObject().put("sub", "x:y").put("n", 5)
        .put("projects", new JsonArray().add("ok").add("a b").add(3).add("").add("x".repeat(129))));
    assertThat(ClaimTemplate.of("user:{sub}").fill(claims, 100)).isEmpty();
    assertThat(ClaimTemplate.of("user:{n}").fill(claims, 100)).isEmpty();
    assertThat(ClaimTemplate.of("user:{missing}").fill(claims, 100)).isEmpty();
    assertThat(ClaimTemplate.of("project:{projects[]}").fill(claims, 100)).containsExactly("project:ok");
    assertThat(ClaimTemplate.of("project:{sub[]}").fill(claims, 100)).isEmpty();
  }

  @Test
  @DisplayName("a filled text matches the same pattern as a permission rule under the same claims")
  void filledTextsMatchTheRule() {
    Claims claims = claims(new JsonObject().put("sub", "bob").put("projects", new JsonArray().add("1").add("2")));
    PermissionRules rules = PermissionRules.compile(java.util.List.of(new PermissionRule("room.project:{projects[]}", null)));
    assertThat(ClaimTemplate.of("room.project:{projects[]}").fill(claims, 100)).allMatch(a -> rules.allows(a, claims));
  }

  @Test
  @DisplayName("at most max texts, however many values the token holds")
  void bounded() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      many.add("p" + i);
    }
    Claims claims = claims(new JsonObject().put("a", many).put("b", many));
    assertThat(ClaimTemplate.of("x:{a[]}/{b[]}").fill(claims, 10)).hasSize(10).first().isEqualTo("x:p0/p0");
  }

  @Test
  @DisplayName("what the rules refuse is refused, and so is a * (nothing to fill it with); sample shows the shape")
  void refused() {
    assertThatThrownBy(() -> ClaimTemplate.of("project:*")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a * cannot be filled");
    assertThatThrownBy(() -> ClaimTemplate.of("user:{sub")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbalanced '{'");
    assertThatThrownBy(() -> ClaimTemplate.of("{a}{b}")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ClaimTemplate.of("project:{projects[]}").sample("x")).isEqualTo("project:x");
    assertThat(ClaimTemplate.of("global").sample("x")).isEqualTo("global");
  }
}
