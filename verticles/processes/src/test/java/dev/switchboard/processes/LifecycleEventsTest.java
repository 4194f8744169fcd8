package dev.switchboard.processes;

import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.testkit.Poll;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("lifecycle events are retried with their id until stored, within a bound")
class LifecycleEventsTest {

  private static LifecycleEvents lifecycle(Vertx vertx, Context context, ProcessMetrics metrics) {
    return new LifecycleEvents(vertx, new BusProcessEvents(vertx), metrics);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("refused with 429 and 503 three times each: every event stored once, with the same id, in order")
  void retriesUntilStored(Vertx vertx) {
    RefusingBroadcaster broadcaster = RefusingBroadcaster.register(vertx,
        (body, before) -> before < 3 ? (before % 2 == 0 ? 429 : 503) : 0).await();
    ProcessMetrics metrics = new ProcessMetrics("lifecycle-a", () -> 0);
    Context context = vertx.getOrCreateContext();
    LifecycleEvents[] events = new LifecycleEvents[1];
    context.runOnContext(v -> {
      events[0] = lifecycle(vertx, context, metrics);
      for (int i = 0; i < 50; i++) {
        events[0].publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.EXITED, new JsonObject().put("n", i));
      }
    });

    Poll.until(() -> broadcaster.stored().size() == 50, 20_000, "50 events stored");

    List<JsonObject> stored = broadcaster.stored();
    assertThat(stored).extracting(e -> e.getString("id")).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(broadcaster.attempts(id)).isEqualTo(4));
    assertThat(stored).extracting(e -> e.getJsonObject("data").getInteger("n")).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(0, 50).boxed().toList());
    MeterRegistry registry = metrics.registry();
    assertThat(registry.get(ProcessMetrics.EVENTS_RETRIED).counter().count()).isEqualTo(150.0);
    Poll.until(() -> registry.get(ProcessMetrics.EVENTS_PENDING).gauge().value() == 0.0, 5_000, "nothing pending");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a store that is down: the queue stops at its bound, drops past it are counted, the rest is stored later")
  void boundedWhileTheStoreIsDown(Vertx vertx) {
    RefusingBroadcaster broadcaster = RefusingBroadcaster.register(vertx, (body, before) -> 503).await();
    ProcessMetrics metrics = new ProcessMetrics("lifecycle-b", () -> 0);
    Context context = vertx.getOrCreateContext();
    int sent = LifecycleEvents.MAX_PENDING + LifecycleEvents.MAX_IN_FLIGHT + 25;
    context.runOnContext(v -> {
      LifecycleEvents events = lifecycle(vertx, context, metrics);
      for (int i = 0; i < sent; i++) {
        events.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.STARTED, new JsonObject().put("n", i));
      }
    });
    MeterRegistry registry = metrics.registry();
    Poll.until(() -> registry.find(ProcessMetrics.EVENTS_DROPPED).tag("reason", "queue_full").counter() != null
        && registry.get(ProcessMetrics.EVENTS_DROPPED).tag("reason", "queue_full").counter().count() == 25.0,
        10_000, "25 dropped past the bound");
    assertThat(registry.get(ProcessMetrics.EVENTS_PENDING).gauge().value())
        .isEqualTo(LifecycleEvents.MAX_PENDING + LifecycleEvents.MAX_IN_FLIGHT);

    broadcaster.refuseWith((body, before) -> 0);

    Poll.until(() -> broadcaster.stored().size() == LifecycleEvents.MAX_PENDING + LifecycleEvents.MAX_IN_FLIGHT,
        30_000, "every queued event stored once the store is back");
    assertThat(broadcaster.stored()).extracting(e -> e.getString("id")).doesNotHaveDuplicates();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a refusal that cannot pass (400) drops the event, counted, and does not hold up the others")
  void dropsWhatCannotPass(Vertx vertx) {
    RefusingBroadcaster broadcaster = RefusingBroadcaster.register(vertx,
        (body, before) -> body.getJsonObject("data").getInteger("n") == 1 ? 400 : 0).await();
    ProcessMetrics metrics = new ProcessMetrics("lifecycle-c", () -> 0);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      LifecycleEvents events = lifecycle(vertx, context, metrics);
      for (int i = 0; i < 3; i++) {
        events.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.EXITED, new JsonObject().put("n", i));
      }
    });
    Poll.until(() -> broadcaster.stored().size() == 2, 10_000, "the two others stored");
    assertThat(metrics.registry().get(ProcessMetrics.EVENTS_DROPPED).tag("reason", "refused").counter().count())
        .isEqualTo(1.0);
  }
}
