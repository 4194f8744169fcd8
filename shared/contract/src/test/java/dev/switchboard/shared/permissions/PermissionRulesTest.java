package dev.switchboard.shared.permissions;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionRulesTest {

  private static final Claims ALICE = Claims.of(new JsonObject()
      .put("sub", "alice")
      .put("permissions", new JsonArray().add("publish").add("read"))
      .put("projects", new JsonArray().add("42").add("7").add("a.b")));

  private static PermissionRules rules(PermissionRule... rules) {
    return PermissionRules.compile("permissions.inbound", List.of(rules));
  }

  private static PermissionRules rule(String address) {
    return rules(new PermissionRule(address, null));
  }

  private static Claims claims(JsonObject json) {
    return Claims.of(json);
  }

  @Nested
  @DisplayName("literal text")
  class Literal {

    @Test
    @DisplayName("a literal rule allows exactly that address")
    void exact() {
      PermissionRules rules = rule("sb.history.replay");
      assertThat(rules.allows("sb.history.replay", ALICE)).isTrue();
      assertThat(rules.allows("sb.history.replay2", ALICE)).isFalse();
      assertThat(rules.allows("xsb.history.replay", ALICE)).isFalse();
      assertThat(rules.allows("sb.history.repla", ALICE)).isFalse();
      assertThat(rules.allows("SB.HISTORY.REPLAY", ALICE)).isFalse();
      assertThat(rules.allows("", ALICE)).isFalse();
      assertThat(rules.allows(null, ALICE)).isFalse();
    }

    @Test
    @DisplayName("regex metacharacters in a rule are plain text")
    void metacharacters() {
      PermissionRules rules = rule("a.b+c?(d)[e]|f^$\\");
      assertThat(rules.allows("a.b+c?(d)[e]|f^$\\", ALICE)).isTrue();
      assertThat(rules.allows("aXb+c?(d)[e]|f^$\\", ALICE)).isFalse();
      assertThat(rules.allows("a.bbc(d)e|f", ALICE)).isFalse();
    }

    @Test
    @DisplayName("no rules: everything is denied")
    void defaultDeny() {
      assertThat(rules().allows("room.global", ALICE)).isFalse();
      assertThat(PermissionRules.denyAll().allows("room.global", ALICE)).isFalse();
    }
  }

  @Nested
  @DisplayName("* wildcard")
  class Wildcard {

    @Test
    @DisplayName("* matches one or more of [A-Za-z0-9_.-], including dots")
    void word() {
      PermissionRules rules = rule("room.*");
      assertThat(rules.allows("room.global", ALICE)).isTrue();
      assertThat(rules.allows("room.a.b-c_D9", ALICE)).isTrue();
      assertThat(rules.allows("room.", ALICE)).as("empty").isFalse();
      assertThat(rules.allows("room", ALICE)).isFalse();
      assertThat(rules.allows("room.project:42", ALICE)).as("':' is not a word character").isFalse();
      assertThat(rules.allows("room.a/b", ALICE)).isFalse();
      assertThat(rules.allows("room.a b", ALICE)).isFalse();
      assertThat(rules.allows("room.a\nb", ALICE)).isFalse();
      assertThat(rules.allows("room.é", ALICE)).isFalse();
    }

    @Test
    @DisplayName("* in the middle, with literal text on both sides")
    void middle() {
      PermissionRules rules = rule("sb.*.get");
      assertThat(rules.allows("sb.presence.get", ALICE)).isTrue();
      assertThat(rules.allows("sb.a.b.get", ALICE)).isTrue();
      assertThat(rules.allows("sb..get", ALICE)).isFalse();
      assertThat(rules.allows("sb.get", ALICE)).isFalse();
      assertThat(rules.allows("sb.presence.get.more", ALICE)).isFalse();
      assertThat(rules.allows("sb.x:y.get", ALICE)).isFalse();
    }

    @Test
    @DisplayName("* before a separator and a placeholder after it")
    void starThenPlaceholder() {
      PermissionRules rules = rule("room.*:{projects[]}");
      assertThat(rules.allows("room.project:42", ALICE)).isTrue();
      assertThat(rules.allows("room.agent:7", ALICE)).isTrue();
      assertThat(rules.allows("room.a.b:a.b", ALICE)).isTrue();
      assertThat(rules.allows("room.:42", ALICE)).isFalse();
      assertThat(rules.allows("room.project:43", ALICE)).isFalse();
      assertThat(rules.allows("room.project:42:42", ALICE)).isFalse();
    }
  }

  @Nested
  @DisplayName("{claim} and {claim[]} placeholders")
  class Placeholders {

    @Test
    @DisplayName("{claim} matches exactly the string claim")
    void stringClaim() {
      PermissionRules rules = rule("room.user:{sub}");
      assertThat(rules.allows("room.user:alice", ALICE)).isTrue();
      assertThat(rules.allows("room.user:alic", ALICE)).isFalse();
      assertThat(rules.allows("room.user:alicex", ALICE)).isFalse();
      assertThat(rules.allows("room.user:bob", ALICE)).isFalse();
      assertThat(rules.allows("room.user:", ALICE)).isFalse();
    }

    @Test
    @DisplayName("{claim[]} matches one element; prefix and suffix traps do not match")
    void arrayClaim() {
      PermissionRules rules = rule("room.project:{projects[]}");
      assertThat(rules.allows("room.project:42", ALICE)).isTrue();
      assertThat(rules.allows("room.project:7", ALICE)).isTrue();
      assertThat(rules.allows("room.project:a.b", ALICE)).isTrue();
      assertThat(rules.allows("room.project:420", ALICE)).isFalse();
      assertThat(rules.allows("room.project:4", ALICE)).isFalse();
      assertThat(rules.allows("room.project:142", ALICE)).isFalse();
      assertThat(rules.allows("room.project:42.x", ALICE)).isFalse();
      assertThat(rules.allows("room.project:42 ", ALICE)).isFalse();
      assertThat(rules.allows("room.project:", ALICE)).isFalse();
      assertThat(rules.allows("room.project:a", ALICE)).isFalse();
    }

    @Test
    @DisplayName("several placeholders in one address")
    void several() {
      Claims claims = claims(new JsonObject().put("tenant", "acme").put("sub", "u1")
          .put("projects", new JsonArray().add("p1").add("p2")));
      PermissionRules rules = rule("t.{tenant}:user:{sub}/project:{projects[]}.events");
      assertThat(rules.allows("t.acme:user:u1/project:p2.events", claims)).isTrue();
      assertThat(rules.allows("t.acme:user:u1/project:p3.events", claims)).isFalse();
      assertThat(rules.allows("t.acme:user:u2/project:p1.events", claims)).isFalse();
      assertThat(rules.allows("t.acmf:user:u1/project:p1.events", claims)).isFalse();
      assertThat(rules.allows("t.acme:user:u1/project:p1.event", claims)).isFalse();
      assertThat(rules.allows("t.acme:user:u1/project:p1.eventsx", claims)).isFalse();
    }

    @Test
    @DisplayName("an inner literal with word characters before its separator")
    void innerLiteralWithWordPrefix() {
      Claims claims = claims(new JsonObject().put("a", "x.y").put("b", "z"));
      PermissionRules rules = rule("p.{a}.tail:{b}");
      assertThat(rules.allows("p.x.y.tail:z", claims)).isTrue();
      assertThat(rules.allows("p.x.y.tai:z", claims)).isFalse();
      assertThat(rules.allows("p.x.tail:z", claims)).isFalse();
      assertThat(rules.allows("p.x.y.tail:zz", claims)).isFalse();
    }

    @Test
    @DisplayName("a claim value that holds a separator or the rest of the address never matches")
    void claimValueCannotSwallowSeparators() {
      Claims claims = claims(new JsonObject()
          .put("sub", "alice:admin")
          .put("projects", new JsonArray().add("42:secret").add("x/y").add("").add("a".repeat(129))));
      assertThat(rule("room.user:{sub}").allows("room.user:alice:admin", claims)).isFalse();
      assertThat(rule("room.user:{sub}:x").allows("room.user:alice:admin:x", claims)).isFalse();
      PermissionRules projects = rule("room.project:{projects[]}");
      assertThat(projects.allows("room.project:42:secret", claims)).isFalse();
      assertThat(projects.allows("room.project:x/y", claims)).isFalse();
      assertThat(projects.allows("room.project:", claims)).isFalse();
      assertThat(projects.allows("room.project:" + "a".repeat(129), claims)).isFalse();
      assertThat(claims.arrayClaim("projects")).isEmpty();
    }

    @Test
    @DisplayName("the longest usable claim value is 128 characters")
    void longestValue() {
      String id = "b".repeat(128);
      Claims claims = claims(new JsonObject().put("sub", id));
      assertThat(rule("room.user:{sub}").allows("room.user:" + id, claims)).isTrue();
    }

    @Test
    @DisplayName("{claim[]} with many elements, equal hash codes and duplicates finds exactly its elements")
    void manyElements() {
      JsonArray projects = new JsonArray().add("Aa").add("BB").add("Aa");
      for (int i = 0; i < 1000; i++) {
        projects.add("p" + i);
      }
      Claims claims = claims(new JsonObject().put("projects", projects));
      PermissionRules rules = rule("room.project:{projects[]}");
      assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
      assertThat(rules.allows("room.project:Aa", claims)).isTrue();
      assertThat(rules.allows("room.project:BB", claims)).isTrue();
      assertThat(rules.allows("room.project:C#", claims)).as("same hash as Aa, not a word").isFalse();
      assertThat(rules.allows("room.project:Ab", claims)).isFalse();
      for (int i = 0; i < 1000; i++) {
        assertThat(rules.allows("room.project:p" + i, claims)).isTrue();
      }
      assertThat(rules.allows("room.project:p1000", claims)).isFalse();
      assertThat(rules.allows("room.project:p", claims)).isFalse();
      assertThat(claims.arrayClaim("projects")).hasSize(1002).startsWith("Aa", "BB", "p0");
    }

    @Test
    @DisplayName("a missing claim matches nothing")
    void missing() {
      assertThat(rule("room.user:{nobody}").allows("room.user:alice", ALICE)).isFalse();
      assertThat(rule("room.project:{nobody[]}").allows("room.project:42", ALICE)).isFalse();
      assertThat(rule("room.user:{sub}").allows("room.user:alice", Claims.anonymous())).isFalse();
    }
  }

  @Nested
  @DisplayName("claim types")
  class Types {

    @ParameterizedTest
    @ValueSource(strings = {"42", "{\"x\":1}", "[\"42\"]", "true", "null", "42.0"})
    @DisplayName("{claim} matches only a string claim")
    void placeholderNeedsString(String json) {
      Claims claims = claims(new JsonObject("{\"id\":" + json + "}"));
      PermissionRules rules = rule("room.project:{id}");
      for (String address : List.of("room.project:42", "room.project:{x=1}", "room.project:{\"x\":1}",
          "room.project:[\"42\"]", "room.project:[42]", "room.project:true", "room.project:null",
          "room.project:42.0")) {
        assertThat(rules.allows(address, claims)).as(address).isFalse();
      }
      assertThat(claims.stringClaim("id")).isNull();
    }

    @Test
    @DisplayName("{claim[]} matches only the string elements of an array claim")
    void arrayNeedsStrings() {
      Claims claims = claims(new JsonObject().put("projects",
          new JsonArray().add(42).add(new JsonObject().put("x", 1)).add(new JsonArray().add("7")).add("9")
              .addNull()));
      PermissionRules rules = rule("room.project:{projects[]}");
      assertThat(rules.allows("room.project:9", claims)).isTrue();
      assertThat(rules.allows("room.project:42", claims)).isFalse();
      assertThat(rules.allows("room.project:7", claims)).isFalse();
      assertThat(rules.allows("room.project:{x=1}", claims)).isFalse();
      assertThat(claims.arrayClaim("projects")).containsExactly("9");
    }

    @Test
    @DisplayName("{claim[]} on a string claim and {claim} on an array claim match nothing")
    void formMismatch() {
      Claims claims = claims(new JsonObject().put("projects", "42").put("sub", new JsonArray().add("alice")));
      assertThat(rule("room.project:{projects[]}").allows("room.project:42", claims)).isFalse();
      assertThat(rule("room.user:{sub}").allows("room.user:alice", claims)).isFalse();
    }

    @Test
    @DisplayName("permissions that is not an array grants no authority")
    void permissionsNotArray() {
      PermissionRules rules = rules(new PermissionRule("room.global", "publish"));
      for (Object permissions : List.of("publish", 1, new JsonObject().put("publish", true))) {
        Claims claims = claims(new JsonObject().put("permissions", permissions));
        assertThat(claims.permissions()).isEmpty();
        assertThat(rules.allows("room.global", claims)).as(String.valueOf(permissions)).isFalse();
      }
      Claims mixed = claims(new JsonObject().put("permissions", new JsonArray().add(1).add("publish")));
      assertThat(rules.allows("room.global", mixed)).isTrue();
    }

    @Test
    @DisplayName("Claims is a snapshot: changing the source JSON changes nothing")
    void immutable() {
      JsonArray projects = new JsonArray().add("1");
      JsonObject json = new JsonObject().put("projects", projects).put("permissions", new JsonArray().add("p"));
      Claims claims = claims(json);
      projects.add("2");
      json.getJsonArray("permissions").add("admin");
      json.put("sub", "mallory");
      assertThat(rule("r:{projects[]}").allows("r:2", claims)).isFalse();
      assertThat(claims.hasPermission("admin")).isFalse();
      assertThat(claims.subject()).isNull();
    }
  }

  @Nested
  @DisplayName("authority")
  class Authority {

    @Test
    @DisplayName("a rule with an authority needs it in permissions; without one it does not")
    void authority() {
      PermissionRules withAuthority = rules(new PermissionRule("room.global", "publish"));
      PermissionRules withOther = rules(new PermissionRule("room.global", "admin"));
      PermissionRules without = rules(new PermissionRule("room.global", null));
      assertThat(withAuthority.allows("room.global", ALICE)).isTrue();
      assertThat(withOther.allows("room.global", ALICE)).isFalse();
      assertThat(without.allows("room.global", ALICE)).isTrue();
      assertThat(without.allows("room.global", Claims.anonymous())).isTrue();
      assertThat(withAuthority.allows("room.global", Claims.anonymous())).isFalse();
    }

    @Test
    @DisplayName("any one matching rule allows")
    void anyRule() {
      PermissionRules rules = rules(new PermissionRule("room.global", "admin"), new PermissionRule("room.project:{projects[]}", "publish"),
          new PermissionRule("room.user:{sub}", null));
      assertThat(rules.allows("room.project:42", ALICE)).isTrue();
      assertThat(rules.allows("room.user:alice", ALICE)).isTrue();
      assertThat(rules.allows("room.global", ALICE)).isFalse();
      assertThat(rules.size()).isEqualTo(3);
    }
  }

  @Nested
  @DisplayName("hostile addresses")
  class Hostile {

    private final List<String> hostile = hostileAddresses();

    private static List<String> hostileAddresses() {
      List<String> list = new ArrayList<>();
      list.add("room.project:" + "4".repeat(10_000));
      list.add("room." + "a".repeat(10_000) + ":");
      list.add("room." + "a.".repeat(5_000) + "x:42");
      list.add("t." + "acme:".repeat(2_000) + "user:u1/project:p1.events");
      list.add("t.acme:user:" + "u1".repeat(5_000) + "/project:p1.events");
      list.add("room." + "é".repeat(10_000));
      list.add("room.\n".repeat(2_000));
      list.add(".*+?()[]{}|^$\\".repeat(800));
      list.add("\u0000".repeat(10_000));
      return list;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @DisplayName("10 KB hostile addresses are refused quickly by every rule form")
    void quick() {
      Claims claims = claims(new JsonObject().put("tenant", "acme").put("sub", "u1")
          .put("projects", new JsonArray().add("p1").add("4".repeat(128))));
      PermissionRules rules = rules(new PermissionRule("room.*", null), new PermissionRule("room.*:{projects[]}", null),
          new PermissionRule("room.project:{projects[]}", null), new PermissionRule("sb.*.get", null),
          new PermissionRule("t.{tenant}:user:{sub}/project:{projects[]}.events", null), new PermissionRule("*:*:*:*:*", null));
      long start = System.nanoTime();
      for (int round = 0; round < 200; round++) {
        for (String address : hostile) {
          assertThat(rules.allows(address, claims)).isFalse();
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      // 200 × 9 addresses × 6 rules over 10 KB: linear matching does this in well under a second
      assertThat(millis).isLessThan(3_000);
    }

    @Test
    @DisplayName("a long address that does match is matched")
    void longMatch() {
      String word = "a.".repeat(4_000) + "b";
      assertThat(rule("room.*").allows("room." + word, ALICE)).isTrue();
      assertThat(rule("room.*:x").allows("room." + word + ":x", ALICE)).isTrue();
      assertThat(rule("*:*").allows(word + ":" + word, ALICE)).isTrue();
    }
  }

  @Nested
  @DisplayName("refused at start")
  class Refused {

    @ParameterizedTest
    @ValueSource(strings = {"*", "{sub}", "{projects[]}", ""})
    @DisplayName("a rule that matches everything, or nothing sensible, is refused")
    void everything(String address) {
      assertThatThrownBy(() -> rules(new PermissionRule("room.global", null), new PermissionRule(address, null)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("permissions.inbound[1].address")
          .hasMessageContaining('"' + address + '"')
          .extracting(e -> ((ConfigException) e).key()).isEqualTo("permissions.inbound[1].address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"room.{sub", "room.{sub}}", "room.sub}", "room.{{sub}}", "room.{a{b}c}"})
    @DisplayName("unbalanced braces are refused")
    void unbalanced(String address) {
      assertThatThrownBy(() -> rule(address))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("permissions.inbound[0].address = \"" + address + "\"")
          .hasMessageContaining("unbalanced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"room.{}", "room.{[]}", "room.{a.b}", "room.{x[0]}", "room.{x[]y}", "room.{ sub }",
        "room.{sub[][]}", "room.{é}"})
    @DisplayName("unknown placeholder forms are refused")
    void unknownPlaceholder(String address) {
      assertThatThrownBy(() -> rule(address))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("permissions.inbound[0].address")
          .hasMessageContaining("unknown placeholder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"room.{a}{b}", "room.**", "sb.*.*", "room.{a}.x.{b}", "*{sub}"})
    @DisplayName("two variable parts with only word characters between them are refused as ambiguous")
    void ambiguous(String address) {
      assertThatThrownBy(() -> rule(address))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("ambiguous");
    }

    @Test
    @DisplayName("control characters and an empty authority are refused")
    void others() {
      assertThatThrownBy(() -> rule("room.\nx")).isInstanceOf(ConfigException.class)
          .hasMessageContaining("control");
      assertThatThrownBy(() -> rules(new PermissionRule("room.global", " ")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("permissions.inbound[0].authority");
    }

    @Test
    @DisplayName("the outbound list names its own key")
    void outboundKey() {
      assertThatThrownBy(() -> PermissionRules.compile("permissions.outbound",
          List.of(new PermissionRule("room.global", null), new PermissionRule("room.global", null), new PermissionRule("*", null))))
          .hasMessageContaining("permissions.outbound[2].address");
    }
  }

  @Nested
  @DisplayName("rules confined to internal addresses")
  class InternalOnly {

    @Test
    @DisplayName("a rule that can only match internal sb. or __vertx. addresses is named with its key; one that can"
        + " match a public address, a room or an application address is not")
    void named() {
      PermissionRules rules = rules(new PermissionRule("sb.node.*", null), new PermissionRule("sb.history.*", null),
          new PermissionRule("sb.history.append", "admin"), new PermissionRule("sb.*", null), new PermissionRule("room.project:{projects[]}", null),
          new PermissionRule("app.orders.*", null), new PermissionRule("__vertx.reply.*", null), new PermissionRule("sb.processes.node.{sub}", null),
          new PermissionRule("sb.presence.{x}", null));
      assertThat(rules.internalOnly()).containsExactly(
          "permissions.inbound[0] \"sb.node.*\"",
          "permissions.inbound[2] \"sb.history.append\"",
          "permissions.inbound[6] \"__vertx.reply.*\"",
          "permissions.inbound[7] \"sb.processes.node.{sub}\"");
    }

    @Test
    @DisplayName("internal addresses: sb. outside the public list and __vertx.; public sb. ones, rooms and others are not")
    void addresses() {
      assertThat(Addresses.isInternal("sb.history.append")).isTrue();
      assertThat(Addresses.isInternal("sb.node.n1")).isTrue();
      assertThat(Addresses.isInternal("sb.processes.node.n1")).isTrue();
      assertThat(Addresses.isInternal("__vertx.reply.12")).isTrue();
      assertThat(Addresses.isInternal("sb.history.replay")).isFalse();
      assertThat(Addresses.isInternal("sb.broadcast.publish")).isFalse();
      assertThat(Addresses.isInternal("room.global")).isFalse();
      assertThat(Addresses.isInternal("app.sb.node.x")).isFalse();
      assertThat(Addresses.isInternal("sb.auth.refresh")).isFalse();
      assertThat(Addresses.isInternal("sb.session")).isFalse();
      assertThat(Addresses.isInternal("sb.auth.refresh.x")).isTrue();
      assertThat(Addresses.isInternal("sb.auth")).isTrue();
      assertThat(Addresses.isInternal("sb.session.x")).isTrue();
      assertThat(Addresses.PUBLIC).containsExactlyInAnyOrder("sb.broadcast.publish", "sb.history.replay",
          "sb.presence.get", "sb.processes.start", "sb.processes.stop", "sb.processes.list", "sb.processes.get",
          "sb.processes.commands", "sb.auth.refresh", "sb.session");
    }
  }
}
