package dev.switchboard.node;

import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.shared.Role;
import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;

/**
 * The JWT key of a node with the bridge role (docs/protocol.md): with none configured, a
 * node alone makes a random HS256 secret for its lifetime; a node told about other members refuses to
 * start, since members must share their key. Never a shipped fallback.
 */
final class SigningKey {

  private SigningKey() {
  }

  /** Puts a generated secret into {@code configJson} where one is needed; returns it, or null when none was made. */
  static String ensure(JsonObject configJson, SwitchboardConfig config) {
    if (!config.node().roles().contains(Role.BRIDGE) || config.auth().jwt().hasKey() || config.auth().anonymous()) {
      return null;
    }
    if (!config.cluster().alone()) {
      throw new ConfigException("auth.jwt.secret", null, "a JWT key shared by every member (auth.jwt.secret,"
          + " SWITCHBOARD_AUTH_JWT_SECRET or auth.jwt.publicKeys): a node told about other members cannot make one up");
    }
    if (!config.auth().jwt().algorithm().equals("HS256")) {
      throw new ConfigException("auth.jwt.publicKeys", "[]", "at least one public key for " + config.auth().jwt().algorithm());
    }
    String secret = TokenIssuer.generateSecret();
    ConfigSchema.put(configJson, "auth.jwt.secret", secret);
    return secret;
  }
}
