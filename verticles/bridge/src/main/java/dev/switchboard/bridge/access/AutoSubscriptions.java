package dev.switchboard.bridge.access;

import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.permissions.ClaimTemplate;
import dev.switchboard.shared.permissions.Claims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bridge.autoSubscribe}: the rooms a new socket is registered on without a frame, its claims filled into each
 * template ({@code user:{sub}} → {@code room.user:alice}) and each room checked as a {@code register} frame would be
 * ({@link AccessPolicy#register}). A room the socket may not read, or one its claims cannot fill, is skipped (debug log,
 * no frame to the client).
 */
public final class AutoSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(AutoSubscriptions.class);

  private final List<ClaimTemplate> templates;
  private final AccessPolicy access;

  /** {@code templates} as validated by the config ({@code BridgeConfig}). */
  public AutoSubscriptions(List<String> templates, AccessPolicy access) {
    this.templates = templates.stream().map(ClaimTemplate::of).toList();
    this.access = access;
  }

  /** The room addresses a socket with these claims is registered on, in the configured order, at most {@code max}. */
  public List<String> addressesFor(Claims claims, int max) {
    Set<String> addresses = new LinkedHashSet<>();
    for (ClaimTemplate template : templates) {
      for (String room : template.fill(claims, max)) {
        String address = Addresses.room(room);
        Refusal refusal = access.register(address, claims);
        if (refusal != null) {
          LOG.debug("auto-subscription skipped [room: {}, user: {}, reason: {}]", room, claims.subject(), refusal.message());
        } else if (addresses.size() < max) {
          addresses.add(address);
        } else {
          LOG.debug("auto-subscription skipped [room: {}, user: {}, reason: registration limit of {}]", room,
              claims.subject(), max);
        }
      }
    }
    return List.copyOf(addresses);
  }
}
