package dev.switchboard.broadcaster;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.AppendBatch;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.testkit.Futures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group commit against a stand-in history consumer on a real (local) event bus that records what it is sent. */
class AppendBatcherTest {

  private Vertx vertx;
  private Context context;
  private final List<JsonObject> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    Futures.get(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("the appends of one event-loop turn go to history as one batch, in order; each gets its own result,"
      + " a failed one its own failure")
  void oneTurnOneRequest() throws Exception {
    history(body -> {
      JsonArray results = new JsonArray();
      List<AppendRequest> events = AppendBatch.fromJson(body).events();
      for (int i = 0; i < events.size(); i++) {
        results.add(events.get(i).id().equals("bad") ? AppendBatch.failure(429, "history.maxRooms reached")
            : new AppendReply(events.get(i).id(), i + 1, "e1", false).toJson());
      }
      return new JsonObject().put("results", results);
    });
    AppendBatcher batcher = batcher(e -> e);

    List<Future<AppendReply>> replies = onContext(() -> {
      List<Future<AppendReply>> all = new ArrayList<>();
      for (String id : List.of("a", "b", "bad", "c")) {
        all.add(batcher.append(request(id)));
      }
      return all;
    });

    assertThat(Futures.get(replies.get(0)).offset()).isEqualTo(1);
    assertThat(Futures.get(replies.get(1)).offset()).isEqualTo(2);
    assertThat(Futures.get(replies.get(3)).offset()).isEqualTo(4);
    assertThatThrownBy(() -> Futures.get(replies.get(2))).hasCauseInstanceOf(ReplyException.class)
        .satisfies(e -> assertThat(BusErrors.code(e.getCause())).isEqualTo(429));
    assertThat(requests).hasSize(1);
    assertThat(AppendBatch.fromJson(requests.get(0)).events().stream().map(AppendRequest::id).toList())
        .containsExactly("a", "b", "bad", "c");
  }

  @Test
  @DisplayName("a lone append goes as a plain append, and appends of later turns as requests of their own")
  void loneAppend() throws Exception {
    history(body -> new AppendReply(body.getString("id"), 7, "e1", false).toJson());
    AppendBatcher batcher = batcher(e -> e);

    AppendReply first = Futures.get(onContext(() -> batcher.append(request("a"))));
    AppendReply second = Futures.get(onContext(() -> batcher.append(request("b"))));

    assertThat(first.id()).isEqualTo("a");
    assertThat(second.id()).isEqualTo("b");
    assertThat(requests).hasSize(2).allMatch(body -> !AppendBatch.isBatch(body));
  }

  @Test
  @DisplayName("more than MAX_EVENTS appends in one turn leave in several requests, none over the bound, all answered")
  void bounded() throws Exception {
    history(body -> {
      JsonArray results = new JsonArray();
      AppendBatch.fromJson(body).events().forEach(event -> results.add(new AppendReply(event.id(), 1, "e1", false).toJson()));
      return new JsonObject().put("results", results);
    });
    AppendBatcher batcher = batcher(e -> e);
    int count = AppendBatcher.MAX_EVENTS * 2 + 10;

    List<Future<AppendReply>> replies = onContext(() -> {
      List<Future<AppendReply>> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        all.add(batcher.append(request("e" + i)));
      }
      return all;
    });

    Futures.get(Future.all(replies));
    assertThat(requests).hasSize(3);
    assertThat(requests).allMatch(body -> body.getJsonArray("events").size() <= AppendBatcher.MAX_EVENTS);
  }

  @Test
  @DisplayName("a request nobody answers fails each of its appends with what the failure maps to")
  void noHistory() throws Exception {
    AppendBatcher batcher = batcher(e -> BusErrors.unavailable("no history node is up"));

    List<Future<AppendReply>> replies = onContext(() -> List.of(batcher.append(request("a")), batcher.append(request("b"))));

    for (Future<AppendReply> reply : replies) {
      assertThatThrownBy(() -> Futures.get(reply)).satisfies(e -> assertThat(BusErrors.code(e.getCause())).isEqualTo(503));
    }
  }

  private void history(Function<JsonObject, JsonObject> answer) throws Exception {
    Futures.get(vertx.eventBus().<JsonObject>consumer(Addresses.HISTORY_APPEND, message -> {
      requests.add(message.body());
      message.reply(answer.apply(message.body()));
    }).completion());
  }

  private AppendBatcher batcher(Function<Throwable, Throwable> failureOf) {
    return new AppendBatcher(context, vertx.eventBus(), new DeliveryOptions().setSendTimeout(2_000), failureOf,
        new PublishMetrics(new SimpleMeterRegistry()));
  }

  private <T> T onContext(java.util.function.Supplier<T> work) throws Exception {
    return Futures.get(Future.<T>future(done -> context.runOnContext(v -> done.complete(work.get()))));
  }

  private static AppendRequest request(String id) {
    return new AppendRequest("project:1", id, 1L, "{\"id\":\"" + id + "\"}");
  }
}
