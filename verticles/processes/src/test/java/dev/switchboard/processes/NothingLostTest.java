package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("a broadcaster that refuses: lifecycle events retried until stored, dropped output counted exactly")
class NothingLostTest {

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("2 of 3 output lines refused (429), every lifecycle event refused once: nothing lost, drops exact")
  void nothingLost(Vertx vertx) {
    AtomicLong outputs = new AtomicLong();
    RefusingBroadcaster broadcaster = RefusingBroadcaster.register(vertx, (body, before) -> {
      if (ProcessEventTypes.OUTPUT.equals(body.getString("type"))) {
        return outputs.incrementAndGet() % 3 == 0 ? 0 : 429;
      }
      return before == 0 ? 429 : 0;
    }).await();
    TestNodes.deploy(vertx, TestNodes.config("node-n", TestNodes.commands(), new JsonObject()));

    String chatty = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add("seq 1 20000"))).getString("id");
    List<String> quiet = List.of(1, 2, 3).stream().map(i -> TestNodes.request(vertx, Addresses.PROCESSES_START,
        new JsonObject().put("command", "sh").put("args", new JsonArray().add("-c").add("exit " + i))).getString("id"))
        .toList();

    JsonObject last = Poll.until(() -> {
      List<JsonObject> reports = broadcaster.stored(ProcessEventTypes.OUTPUT_TRUNCATED);
      long stored = broadcaster.stored(ProcessEventTypes.OUTPUT).size();
      return reports.stream().map(r -> r.getJsonObject("data"))
          .filter(r -> r.getLong("dropped") + stored == 20_000).findFirst().orElse(null);
    }, 40_000, "a drop count that with the stored lines makes 20,000");

    assertThat(last.getString("processId")).isEqualTo(chatty);
    assertThat(last.getLong("dropped")).isPositive();
    for (String id : concat(chatty, quiet)) {
      Poll.until(() -> storedAbout(broadcaster, id, ProcessEventTypes.EXITED) == 1, 20_000, "exited of " + id);
      assertThat(storedAbout(broadcaster, id, ProcessEventTypes.STARTED)).as("started of " + id).isEqualTo(1);
    }
    assertThat(broadcaster.stored()).filteredOn(e -> !ProcessEventTypes.OUTPUT.equals(e.getString("type")))
        .allSatisfy(e -> assertThat(broadcaster.attempts(e.getString("id"))).isEqualTo(2));
  }

  private static long storedAbout(RefusingBroadcaster broadcaster, String id, String type) {
    return broadcaster.stored(type).stream().filter(e -> id.equals(e.getJsonObject("data").getString("processId"))).count();
  }

  private static List<String> concat(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
