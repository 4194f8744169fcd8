package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.transport.OutboundFrame;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomFanoutTest {

  @Test
  @DisplayName("a resuming socket whose replay never answers is told it did not recover once MAX_HELD events pile up, then goes on live")
  void boundedResume(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    FanoutTarget socket = (frame, event) -> frames.add(new JsonObject(frame.json()));
    HistoryReader silent = request -> Promise.<JsonObject>promise().future();
    vertx.runOnContext(v -> {
      RoomFanout fanout = new RoomFanout("project:1", Future.succeededFuture((RoomSubscription) null),
          (sockets, ts) -> { }, silent, vertx);
      fanout.add(new Subscriber(socket, null), new Resume(0, "e1"));
      for (long offset = 1; offset <= RoomFanout.MAX_HELD + 1; offset++) {
        fanout.receive(event(offset));
      }
      // the first events of a room on a node are held briefly (they may come out of order): let that pass
      vertx.setTimer(RoomFanout.HOLD_MS * 3, t -> ctx.verify(() -> {
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).getJsonObject("body").getString("type")).isEqualTo("sb.recovery");
        assertThat(frames.get(0).getJsonObject("body").getJsonObject("data")).isEqualTo(new JsonObject()
            .put("recovered", false).put("offset", (long) RoomFanout.MAX_HELD).put("epoch", "e1"));
        assertThat(frames.get(1).getJsonObject("body").getLong("offset")).isEqualTo(RoomFanout.MAX_HELD + 1L);
        fanout.receive(event(RoomFanout.MAX_HELD + 2));
        assertThat(frames).hasSize(3);
        ctx.completeNow();
      }));
    });
  }

  private static RoomEvent event(long offset) {
    return RoomEvent.of(new JsonObject().put("id", "e-" + offset).put("room", "project:1").put("type", "t")
        .put("data", new JsonObject()).put("offset", offset).put("epoch", "e1"), System.currentTimeMillis());
  }
}
