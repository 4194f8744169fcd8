package dev.switchboard.processes;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.processes.ListRequest;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("pages of sb.processes.list")
class ProcessPageTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static ProcessRecord running(String id, int startedSecond) {
    return ProcessRecord.starting(id, id, id.startsWith("b") ? "build" : "server", List.of(), "node-a",
        T0.plusSeconds(startedSecond)).running(100);
  }

  private static ProcessRecord ended(String id, int startedSecond, int endedSecond) {
    return running(id, startedSecond).ended(ProcessState.EXITED, T0.plusSeconds(endedSecond), 0);
  }

  private static JsonObject page(List<ProcessRecord> records, JsonObject request, int nowSecond) {
    return ProcessPage.of(records, ListRequest.fromJson(request), T0.plusSeconds(nowSecond));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("processes").stream().map(p -> ((JsonObject) p).getString("id")).toList();
  }

  @Test
  @DisplayName("running first (newest start first), then ended newest end first; no cursor on the last page")
  void orders() {
    List<ProcessRecord> records = List.of(ended("e1", 1, 10), running("r1", 2), ended("e2", 3, 20), running("r2", 5),
        ended("e3", 4, 15));
    JsonObject first = page(records, new JsonObject().put("limit", 3), 100);
    assertThat(ids(first)).containsExactly("r2", "r1", "e2");
    assertThat(first.getInteger("total")).isEqualTo(5);
    JsonObject second = page(records, new JsonObject().put("limit", 3).put("cursor", first.getString("cursor")), 100);
    assertThat(ids(second)).containsExactly("e3", "e1");
    assertThat(second.containsKey("cursor")).isFalse();
    assertThat(page(records, new JsonObject().put("limit", 5), 100).containsKey("cursor")).isFalse();
  }

  @Test
  @DisplayName("a walk sees the cluster as of its first page: records that end or start meanwhile are on no second page")
  void noRecordOnTwoPages() {
    List<ProcessRecord> before = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      before.add(i % 2 == 0 ? running("r" + i, i) : ended("e" + i, i, 100 + i));
    }
    JsonObject first = page(before, new JsonObject().put("limit", 7), 200);
    Set<String> seen = new HashSet<>(ids(first));
    String cursor = first.getString("cursor");
    List<ProcessRecord> now = new ArrayList<>();
    for (ProcessRecord record : before) {
      // every running one has ended since the first page, and new ones have started
      now.add(record.state() == ProcessState.RUNNING ? record.ended(ProcessState.EXITED, T0.plusSeconds(300), 0) : record);
    }
    now.add(running("late", 250));
    int pages = 1;
    while (cursor != null) {
      JsonObject next = page(now, new JsonObject().put("limit", 7).put("cursor", cursor), 400);
      for (String id : ids(next)) {
        assertThat(seen.add(id)).as(id + " on two pages").isTrue();
      }
      cursor = next.getString("cursor");
      pages++;
    }
    assertThat(seen).hasSize(50).doesNotContain("late");
    assertThat(pages).isEqualTo(8);
  }

  @Test
  @DisplayName("filters: state (one or a list), node, command, since")
  void filters() {
    List<ProcessRecord> records = List.of(ended("b1", 1, 10), running("b2", 2), running("s1", 3),
        ended("s2", 4, 5).ended(ProcessState.CRASHLOOP, T0.plusSeconds(5), 1));
    assertThat(ids(page(records, new JsonObject().put("state", "running"), 100))).containsExactly("s1", "b2");
    assertThat(ids(page(records, new JsonObject().put("state", new JsonArray().add("crashloop").add("exited")), 100)))
        .containsExactly("b1", "s2");
    assertThat(ids(page(records, new JsonObject().put("command", "build"), 100))).containsExactly("b2", "b1");
    assertThat(ids(page(records, new JsonObject().put("node", "node-b"), 100))).isEmpty();
    assertThat(ids(page(records, new JsonObject().put("since", T0.plusSeconds(3).toEpochMilli()), 100)))
        .containsExactly("s1", "s2");
  }

  @Test
  @DisplayName("limit is 1 to 1000 (default 100); bad fields and hostile cursors are 400 naming the field")
  void refuses() {
    List<ProcessRecord> many = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      many.add(running("p" + i, i));
    }
    assertThat(page(many, new JsonObject(), 2_000).getJsonArray("processes")).hasSize(100);
    assertThat(page(many, new JsonObject().put("limit", 1_000), 2_000).getJsonArray("processes")).hasSize(1_000);
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new JsonObject().put("a", "x").put("g", 0).put("t", "y").put("i", "z").encode().getBytes(StandardCharsets.UTF_8));
    String wrongGroup = Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonObject().put("a", T0.toString())
        .put("g", 7).put("t", T0.toString()).put("i", "z").encode().getBytes(StandardCharsets.UTF_8));
    List<Object[]> bad = List.of(
        new Object[] {new JsonObject().put("limit", 0), "limit"},
        new Object[] {new JsonObject().put("limit", 1_001), "limit"},
        new Object[] {new JsonObject().put("limit", "10"), "limit"},
        new Object[] {new JsonObject().put("state", "sleeping"), "state"},
        new Object[] {new JsonObject().put("state", new JsonArray().add("running").add(3)), "state[1]"},
        new Object[] {new JsonObject().put("node", "../etc"), "node"},
        new Object[] {new JsonObject().put("since", -1), "since"},
        new Object[] {new JsonObject().put("cursor", "not a cursor!"), "cursor"},
        new Object[] {new JsonObject().put("cursor", "x".repeat(10_000)), "cursor"},
        new Object[] {new JsonObject().put("cursor", "AAAA"), "cursor"},
        new Object[] {new JsonObject().put("cursor", forged), "cursor"},
        new Object[] {new JsonObject().put("cursor", wrongGroup), "cursor"},
        new Object[] {new JsonObject().put("cursor", 12), "cursor"},
        new Object[] {new JsonObject().put("offset", 3), "offset"});
    for (Object[] one : bad) {
      JsonObject request = (JsonObject) one[0];
      assertThatThrownBy(() -> ListRequest.fromJson(request)).as(request.encode())
          .isInstanceOfSatisfying(ReplyException.class, e -> {
            assertThat(e.failureCode()).isEqualTo(400);
            assertThat(BusErrors.sentence(e)).contains((String) one[1]);
          });
    }
  }
}
