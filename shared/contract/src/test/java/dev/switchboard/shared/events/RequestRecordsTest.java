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

  @Test
  @DisplayName("a start request round-trips; it names the bad field: command, args, cwd, env key and value, timeoutMs")
  void startRequest() {
    dev.switchboard.shared.processes.StartRequest request = dev.switchboard.shared.processes.StartRequest.fromJson(
        new JsonObject().put("command", "echo").put("args", new JsonArray().add("hi")).put("cwd", "/tmp")
            .put("env", new JsonObject().put("GREETING", "hello")).put("node", "n1").put("timeoutMs", 5000));
    assertThat(dev.switchboard.shared.processes.StartRequest.fromJson(request.toJson())).isEqualTo(request);
    assertThat(request.name()).isEqualTo("echo");
    JsonObject ok = new JsonObject().put("command", "echo");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("command", "a b")), "command");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("args", new JsonArray().add(1))), "args[0]");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("cwd", "tmp")), "cwd");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("env", new JsonObject().put("1X", "v"))), "env");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("env", new JsonObject().put("X", 1))), "env.X");
    invalid(() -> dev.switchboard.shared.processes.StartRequest.fromJson(ok.copy().put("timeoutMs", 0)), "timeoutMs");
  }

  @Test
  @DisplayName("a replay reply round-trips; read leniently, missing events are an empty list and missing flags false")
  void replayReply() {
    ReplayReply reply = new ReplayReply("global", new JsonArray().add(new JsonObject().put("offset", 3)), 3, "e1", true, false);
    assertThat(ReplayReply.fromJson(reply.toJson())).isEqualTo(reply);
    ReplayReply sparse = ReplayReply.fromJson(new JsonObject().put("room", "global"));
    assertThat(sparse.events()).isEmpty();
    assertThat(sparse.recovered()).isFalse();
    assertThat(sparse.more()).isFalse();
    assertThat(sparse.offset()).isZero();
    assertThat(ReplayReply.fromJson(new JsonObject().put("events", "nope").put("recovered", "yes")).recovered()).isFalse();
  }
}
