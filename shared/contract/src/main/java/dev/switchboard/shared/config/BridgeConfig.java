package dev.switchboard.shared.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code bridge.*}: the limits of the socket bridge and the origins it accepts (empty: any).
 * {@code handshakesPerSecond} bounds how many new sockets the node sets up a second (a token bucket holding one
 * second's worth): the excess is refused with 503 before the WebSocket upgrade. {@code handshakesPerSecondPerAddress}
 * (0: no such limit) bounds the new sockets of one client address a second, so that one address flooding the node does
 * not use up the node's budget and clients from other addresses still get in. A socket whose transport is behind may
 * take {@code outboundQueue} more frames and {@code outboundQueueBytes} more bytes (frames as encoded) before it is
 * closed as a slow consumer: the bytes bound is what keeps a slow socket's memory small when frames are large.
 */
public record BridgeConfig(int maxSockets, int maxSocketsPerUser, int maxRegistrationsPerSocket, int maxFrameBytes,
                           int inboundPerSecond, int inboundBurst, int outboundQueue, long outboundQueueBytes,
                           long idleTimeoutMs,
                           List<String> allowedOrigins, int handshakesPerSecond,
                           int handshakesPerSecondPerAddress) {

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9_.\\[\\]:-]+");

  static BridgeConfig read(ConfigReader config) {
    return new BridgeConfig(
        config.positive("bridge.maxSockets"),
        config.positive("bridge.maxSocketsPerUser"),
        config.positive("bridge.maxRegistrationsPerSocket"),
        (int) config.integer("bridge.maxFrameBytes", 256, 64L * 1024 * 1024),
        config.positive("bridge.inboundPerSecond"),
        config.positive("bridge.inboundBurst"),
        config.positive("bridge.outboundQueue"),
        config.integer("bridge.outboundQueueBytes", 1024, 1024L * 1024 * 1024),
        config.integer("bridge.idleTimeoutMs", 1000, 24L * 3600 * 1000),
        config.strings("bridge.allowedOrigins", ORIGIN, "an origin such as https://app.example.com"),
        config.positive("bridge.handshakesPerSecond"),
        (int) config.integer("bridge.handshakesPerSecondPerAddress", 0, Integer.MAX_VALUE));
  }
}
