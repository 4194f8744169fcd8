package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.transport.Connection;
import dev.switchboard.bridge.transport.Credentials;
import dev.switchboard.bridge.protocol.OutboundFrame;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationOrderTest {

  private final List<String> handled = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final PausedFlag paused = new PausedFlag();
  private final RegistrationOrder order = new RegistrationOrder(paused, frame -> handled.add(describe(frame)),
      frame -> refused.add(describe(frame)));

  @Test
  @DisplayName("frames after a register wait, the connection paused, until the room is listed; then they go in order")
  void framesWaitForTheListing() {
    Promise<Void> listedA = Promise.promise();
    Promise<Void> listedB = Promise.promise();
    offer("register a");
    order.joining(listedA.future());
    offer("register b");
    order.joining(listedB.future());
    offer("publish a");
    offer("register c");
    offer("send x");
    assertThat(handled).containsExactly("register a", "register b");
    assertThat(paused.paused).isTrue();
    listedB.complete();
    assertThat(handled).containsExactly("register a", "register b");
    listedA.complete();
    assertThat(handled).containsExactly("register a", "register b", "publish a", "register c", "send x");
    assertThat(paused.paused).isFalse();
    assertThat(refused).isEmpty();
  }

  @Test
  @DisplayName("a register whose listing is already done holds nothing back; a failed listing releases the frames too")
  void completedAndFailedListings() {
    offer("register a");
    order.joining(io.vertx.core.Future.succeededFuture());
    offer("publish a");
    Promise<Void> failing = Promise.promise();
    offer("register b");
    order.joining(failing.future());
    offer("publish b");
    failing.fail("directory unreachable");
    assertThat(handled).containsExactly("register a", "publish a", "register b", "publish b");
  }

  @Test
  @DisplayName("past MAX_HELD waiting frames, each further one is refused, not queued")
  void boundedWhileWaiting() {
    offer("register a");
    order.joining(Promise.<Void>promise().future());
    for (int i = 0; i < RegistrationOrder.MAX_HELD + 3; i++) {
      offer("publish " + i);
    }
    assertThat(refused).hasSize(3).first().isEqualTo("publish " + RegistrationOrder.MAX_HELD);
    order.clear();
  }

  private void offer(String description) {
    String[] parts = description.split(" ");
    InboundFrame frame = new InboundFrame(parts[0], parts[1], null, null, new JsonObject());
    if (order.admit(frame)) {
      handled.add(description);
    }
  }

  private static String describe(InboundFrame frame) {
    return frame.type() + " " + frame.address();
  }

  /** A connection that only records whether it is paused. */
  private static final class PausedFlag implements Connection {
    boolean paused;

    @Override
    public Credentials credentials() {
      return null;
    }

    @Override
    public void frameHandler(Handler<Buffer> handler) {
    }

    @Override
    public void closeHandler(Handler<Void> handler) {
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public void write(String frameJson) {
    }

    @Override
    public void write(OutboundFrame frame) {
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
    }

    @Override
    public void close(int code, String reason) {
    }
  }
}
