package dev.switchboard.bridge.socket;

import dev.switchboard.shared.Headers;
import dev.switchboard.shared.LocalJsonCodec;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The delivery options of one socket's messages to the bus: a send timeout and the socket's user in a header. Made on
 * the socket's first message, not when it connects: most sockets only listen, and two option objects with their header
 * maps are about 0.4 KB of heap per socket.
 */
final class SenderOptions {

  static final long REQUEST_TIMEOUT_MS = 15_000;

  private final String user;
  private DeliveryOptions anywhere;
  private DeliveryOptions local;

  /** {@code user}: the socket's {@code sub}, or null for an anonymous socket (no header). */
  SenderOptions(String user) {
    this.user = user;
  }

  /** For a message to wherever the address is served. */
  DeliveryOptions anywhere() {
    if (anywhere == null) {
      anywhere = withUser(new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS));
    }
    return anywhere;
  }

  /** For a JSON object to a service of this node, handed over as it is (no encoding). */
  DeliveryOptions localJson() {
    if (local == null) {
      local = withUser(new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS).setLocalOnly(true)
          .setCodecName(LocalJsonCodec.NAME));
    }
    return local;
  }

  /** For any other body to a service of this node (rare: a new object each time). */
  DeliveryOptions localOther() {
    return new DeliveryOptions(anywhere()).setLocalOnly(true);
  }

  private DeliveryOptions withUser(DeliveryOptions options) {
    return user == null ? options : options.addHeader(Headers.USER, user);
  }
}
