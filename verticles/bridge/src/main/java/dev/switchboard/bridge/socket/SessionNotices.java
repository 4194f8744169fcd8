package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.config.BridgeConfig;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code rec} frames the bridge writes to {@link Addresses#SESSION} about the socket itself (docs/protocol.md,
 * "Session frames"): the welcome once it is admitted, and the acknowledgement of a registration asked with
 * {@code headers.ack}.
 */
final class SessionNotices {

  private SessionNotices() {
  }

  /**
   * {@code {node, sub, exp, limits, autoSubscribed}}: {@code exp} in JWT seconds (null: the token has none, or the socket
   * is anonymous, and {@code sub} is null too then); {@code limits} named as the {@code bridge.*} keys they come from.
   */
  static String welcome(String node, Claims claims, BridgeConfig limits, List<String> autoSubscribed) {
    JsonObject body = new JsonObject().put("node", node).put("sub", claims.subject()).put("exp", exp(claims))
        .put("limits", new JsonObject()
            .put("maxFrameBytes", limits.maxFrameBytes())
            .put("maxRegistrationsPerSocket", limits.maxRegistrationsPerSocket())
            .put("inboundPerSecond", limits.inboundPerSecond())
            .put("inboundBurst", limits.inboundBurst())
            .put("outboundQueue", limits.outboundQueue())
            .put("outboundQueueBytes", limits.outboundQueueBytes())
            .put("idleTimeoutMs", limits.idleTimeoutMs()))
        .put("autoSubscribed", new JsonArray(autoSubscribed));
    return Frames.rec(Addresses.SESSION, body);
  }

  /** {@code {registered: <address>}}: the registration is live. */
  static String registered(String address) {
    return Frames.rec(Addresses.SESSION, new JsonObject().put("registered", address));
  }

  /** The reply to a token refresh: {@code {exp}} of the socket's new token, in JWT seconds (null: it has none). */
  static JsonObject refreshed(Claims claims) {
    return new JsonObject().put("exp", exp(claims));
  }

  private static Long exp(Claims claims) {
    return claims.expiresAt().map(java.time.Instant::getEpochSecond).orElse(null);
  }
}
