package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.shared.config.BridgeConfig;

/** Limits derived from {@code bridge.*}. */
public final class BridgeLimits {

  private BridgeLimits() {
  }

  /**
   * The largest WebSocket message the transport accepts: room for a {@code maxFrameBytes} frame wrapped and escaped
   * by SockJS. Frames between {@code maxFrameBytes} and this get a 413 err frame after being read; larger messages
   * are dropped by the transport unread and answered with a 413 too.
   */
  public static int transportMessageBytes(BridgeConfig limits) {
    return limits.maxFrameBytes() * 4 + 1024;
  }
}
