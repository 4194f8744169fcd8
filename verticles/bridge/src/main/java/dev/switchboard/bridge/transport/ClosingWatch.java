package dev.switchboard.bridge.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.TimeUnit;

/**
 * Makes sure a WebSocket the bridge closed really goes, on the channel's event loop. The close frame waits behind
 * whatever the connection has not taken yet, and Vert.x's closing timeout only starts once that frame is written:
 * a client that stopped reading would keep its connection, and everything queued for it, for ever. So every
 * {@link #CHECK_MS} the watch looks at what the connection still has to take: while that shrinks (a slow reader
 * working through it, then the closing handshake) it waits, up to {@link #MAX_MS}; when nothing moved, it closes
 * the connection, dropping what was queued. It closes from Vert.x's own handler context, so that the close goes
 * straight to the channel: a close through the whole pipeline is taken by Vert.x for another closing handshake.
 */
final class ClosingWatch {

  static final long CHECK_MS = 1000;
  static final long MAX_MS = 10_000;

  private final ChannelHandlerContext vertxHandler;
  private final Channel channel;
  private final long deadlineNanos;
  private long pending;

  private ClosingWatch(ChannelHandlerContext vertxHandler) {
    this.vertxHandler = vertxHandler;
    this.channel = vertxHandler.channel();
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MS);
    this.pending = channel.bytesBeforeWritable();
  }

  /** Starts watching the channel of Vert.x's handler (its context) once the WebSocket's close has been asked for. */
  static void start(ChannelHandlerContext vertxHandler) {
    new ClosingWatch(vertxHandler).schedule();
  }

  private void schedule() {
    channel.eventLoop().schedule(this::check, CHECK_MS, TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (!channel.isOpen()) {
      return;
    }
    long now = channel.bytesBeforeWritable();
    boolean moving = now > 0 && now < pending || now == 0 && pending > 0;
    pending = now;
    if (moving && System.nanoTime() < deadlineNanos) {
      schedule();
    } else {
      vertxHandler.close();
    }
  }
}
