package dev.switchboard.shared.events;

import dev.switchboard.shared.FailureCodes;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request records of the room services: what {@code fromJson} takes, and the 400 naming the field otherwise. */
class RequestRecordsTest {

  private static void invalid(Runnable parse, String mentions) {
    assertThatThrownBy(parse::run).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(FailureCodes.INVALID);
      assertThat(new JsonObject(e.getMessage()).getString("error")).isEqualTo("invalid");
      assertThat(new JsonObject(e.getMessage()).getString("message")).contains(mentions);
    });
  }

  @Test
  @DisplayName("a publish request round-trips through toJson and fromJson")
  void publishRoundTrip() {
    PublishRequest request = new PublishRequest("project:42", "project.updated", new JsonObject().put("n", 1), "id-1", "c");
    assertThat(PublishRequest.fromJson(request.toJson())).isEqualTo(request);
    assertThat(PublishRequest.fromJson(new JsonObject().put("room", "global").put("type", "t")).id()).isNull();
  }

  @Test
  @DisplayName("a publish request names the bad field: body, room, type, reserved type, id, correlationId")
  void publishInvalid() {
    JsonObject ok = new JsonObject().put("room", "global").put("type", "t");
    invalid(() -> PublishRequest.fromJson("text"), "JSON object");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("room", 7)), "room");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("type", "")), "type");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("type", "x".repeat(129))), "type");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("type", EventTypes.RECOVERY)), "sb.");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("id", "a b")), "id");
    invalid(() -> PublishRequest.fromJson(ok.copy().put("correlationId", new JsonArray())), "correlationId");
  }

  @Test
  @DisplayName("a replay request takes defaults and round-trips")
  void replay() {
    ReplayRequest defaults = ReplayRequest.fromJson(new JsonObject().put("room", "project:1"));
    assertThat(defaults).isEqualTo(new ReplayRequest("project:1", null, null, ReplayRequest.DEFAULT_LIMIT));
    ReplayRequest full = new ReplayRequest("project:1", 5L, "e1", 10);
    assertThat(ReplayRequest.fromJson(full.toJson())).isEqualTo(full);
  }

  @Test
  @DisplayName("a replay request names the bad field: since, epoch, limit")
  void replayInvalid() {
    JsonObject ok = new JsonObject().put("room", "project:1");
    invalid(() -> ReplayRequest.fromJson(null), "JSON object");
    invalid(() -> ReplayRequest.fromJson(ok.copy().put("since", -1)), "since");
    invalid(() -> ReplayRequest.fromJson(ok.copy().put("since", 1.5)), "since");
    invalid(() -> ReplayRequest.fromJson(ok.copy().put("epoch", "")), "epoch");
    invalid(() -> ReplayRequest.fromJson(ok.copy().put("limit", 0)), "limit");
    invalid(() -> ReplayRequest.fromJson(ok.copy().put("limit", ReplayRequest.MAX_LIMIT + 1)), "limit");
  }
}
