package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("BusErrors: failures as HTTP status + JSON, mapped back at the requester")
class BusErrorsTest {

  @Test
  @DisplayName("a built failure carries the status and {error, message}")
  void buildsFailures() {
    ReplyException limit = BusErrors.limit("too many");

    assertThat(limit.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(limit.failureCode()).isEqualTo(429);
    assertThat(new JsonObject(limit.getMessage())).isEqualTo(new JsonObject().put("error", "limit").put("message", "too many"));
    assertThat(new JsonObject(BusErrors.invalid("args[0]", "a;b", "a plain word").getMessage()).getString("message"))
        .isEqualTo("args[0] must be a plain word, got \"a;b\"");
  }

  @Test
  @DisplayName("requesters map: recipient codes kept, other exceptions 500 without details")
  void mapsFailures() {
    assertThat(BusErrors.code(BusErrors.notFound("x"))).isEqualTo(404);
    assertThat(BusErrors.message(BusErrors.notFound("x"))).isEqualTo("{\"error\":\"not_found\",\"message\":\"x\"}");
    assertThat(BusErrors.code(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, -1, "boom"))).isEqualTo(500);
    assertThat(BusErrors.code(new ReplyException(ReplyFailure.TIMEOUT, "t"))).isEqualTo(503);
    assertThat(BusErrors.code(new IllegalStateException("secret detail"))).isEqualTo(500);
    assertThat(BusErrors.message(new IllegalStateException("secret detail"))).doesNotContain("secret");
    assertThat(BusErrors.message(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "plain text")))
        .isEqualTo("{\"error\":\"invalid\",\"message\":\"plain text\"}");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DisplayName("no process monitor deployed: the requester maps the failure to 503")
  void noHandlersIsUnavailable(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.PROCESSES_LIST, new JsonObject(), new DeliveryOptions().setSendTimeout(2_000))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(BusErrors.code(e)).isEqualTo(503);
          assertThat(new JsonObject(BusErrors.message(e)).getString("error")).isEqualTo("unavailable");
          ctx.completeNow();
        })));
  }
}
