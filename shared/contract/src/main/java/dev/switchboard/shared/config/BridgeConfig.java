package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.permissions.ClaimTemplate;
import dev.switchboard.shared.rooms.RoomNames;

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
 * {@code autoSubscribe} names the rooms every new socket is registered on without asking ({@code user:{sub}},
 * {@code global}): claim placeholders as in the permission rules ({@link ClaimTemplate}), each room still checked by
 * the outbound rules when a socket is admitted.
 */
public record BridgeConfig(int maxSockets, int maxSocketsPerUser, int maxRegistrationsPerSocket, int maxFrameBytes,
                           int inboundPerSecond, int inboundBurst, int outboundQueue, long outboundQueueBytes,
                           long idleTimeoutMs,
                           List<String> allowedOrigins, int handshakesPerSecond,
                           int handshakesPerSecondPerAddress, List<String> autoSubscribe) {

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9_.\\[\\]:-]+");
  private static final Pattern ROOM_TEMPLATE = Pattern.compile("[A-Za-z0-9_.:{}\\[\\]*-]{1,256}");
  private static final String ROOM_TEMPLATE_EXPECTED = "a room name such as global or user:{sub}, with claim placeholders"
      + " {claim} or {claim[]} as in the permission rules";

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
        (int) config.integer("bridge.handshakesPerSecondPerAddress", 0, Integer.MAX_VALUE),
        autoSubscribe(config));
  }

  /** Each entry a room template whose filled rooms are room names: {@code project:{projects[]}} yes, {@code room.x} no. */
  private static List<String> autoSubscribe(ConfigReader config) {
    List<String> templates = config.strings("bridge.autoSubscribe", ROOM_TEMPLATE, ROOM_TEMPLATE_EXPECTED);
    for (int i = 0; i < templates.size(); i++) {
      String template = templates.get(i);
      String problem;
      try {
        problem = RoomNames.problem(ClaimTemplate.of(template).sample("x"));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        throw new ConfigException("bridge.autoSubscribe[" + i + "]", template, ROOM_TEMPLATE_EXPECTED + " (" + problem + ")");
      }
    }
    return templates;
  }
}
