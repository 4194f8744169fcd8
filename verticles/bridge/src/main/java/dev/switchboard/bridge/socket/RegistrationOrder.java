package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.transport.Connection;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a socket's frames in the order it sent them across its registrations: a frame that follows a
 * {@code register} waits until this node is listed for that room, so a client that registers and then publishes
 * into the room gets its own event and every later one. Registrations in a row do not wait for each other (the
 * directory writes them in one batch). While frames wait the connection is paused; at most {@link #MAX_HELD} wait,
 * and none longer than {@link #MAX_WAIT_MS} (a directory that cannot be written does not stall the socket).
 */
final class RegistrationOrder {

  static final int MAX_HELD = 1_000;
  static final long MAX_WAIT_MS = 2_000;

  private final Connection connection;
  private final Handler<InboundFrame> handler;
  private final Handler<InboundFrame> overflow;
  private final Deque<InboundFrame> held = new ArrayDeque<>();
  private int joining;

  RegistrationOrder(Connection connection, Handler<InboundFrame> handler, Handler<InboundFrame> overflow) {
    this.connection = connection;
    this.handler = handler;
    this.overflow = overflow;
  }

  /** True when the frame may be handled now; otherwise it is held (or, past the limit, refused). */
  boolean admit(InboundFrame frame) {
    if (held.isEmpty() && (joining == 0 || isRegistration(frame))) {
      return true;
    }
    if (held.size() >= MAX_HELD) {
      overflow.handle(frame);
      return false;
    }
    if (held.isEmpty()) {
      connection.pause();
    }
    held.add(frame);
    return false;
  }

  /** A registration is being set up; frames after it wait for {@code listed}. */
  void joining(Future<?> listed) {
    if (listed.isComplete()) {
      return;
    }
    joining++;
    listed.timeout(MAX_WAIT_MS, TimeUnit.MILLISECONDS).onComplete(done -> joined());
  }

  /** The socket closed: what waits is dropped. */
  void clear() {
    held.clear();
  }

  private void joined() {
    joining--;
    boolean wasHolding = !held.isEmpty();
    while (!held.isEmpty() && (joining == 0 || isRegistration(held.peek()))) {
      handler.handle(held.poll());
    }
    if (wasHolding && held.isEmpty()) {
      connection.resume();
    }
  }

  private static boolean isRegistration(InboundFrame frame) {
    return frame.type().equals("register") || frame.type().equals("unregister");
  }
}
