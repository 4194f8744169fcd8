package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * {@code sb.auth.refresh} (docs/protocol.md, "Token refresh"): a {@code send} with body {@code {token}} and a reply
 * address, answered by the bridge itself. The token is verified as a connecting socket's is; it must be for the socket's
 * own user ({@code sub}). One refresh at a time per socket: another sent before the answer gets 429.
 */
final class TokenRefresh {

  private final Authentication authentication;
  private boolean underWay;

  TokenRefresh(Authentication authentication) {
    this.authentication = authentication;
  }

  static boolean isRefresh(InboundFrame frame) {
    return Addresses.AUTH_REFRESH.equals(frame.address());
  }

  /**
   * The verified claims that replace {@code current}; failed with a {@link Authentication.RefusedException}: 400 for a
   * frame of another shape, 429 while another refresh is under way, 401 for a token that does not verify
   * ({@code TOKEN_EXPIRED} when it has expired), 403 for a token of another user.
   */
  Future<Claims> verify(InboundFrame frame, Claims current) {
    if (!frame.type().equals("send") || frame.replyAddress() == null) {
      return refused(Refusal.invalid(Addresses.AUTH_REFRESH + " takes a send frame with a replyAddress"));
    }
    if (!(frame.body() instanceof JsonObject body) || !(body.getValue("token") instanceof String token) || token.isEmpty()) {
      return refused(Refusal.invalid("the body of " + Addresses.AUTH_REFRESH + " is {\"token\": <a JWT>}"));
    }
    if (underWay) {
      return refused(Refusal.limit("a token refresh is already under way on this socket: wait for its answer"));
    }
    underWay = true;
    return authentication.verify(token)
        .compose(fresh -> Objects.equals(fresh.subject(), current.subject()) ? Future.succeededFuture(fresh)
            : refused(Refusal.denied("the token is for another user than this socket's: connect again with it")))
        .onComplete(done -> underWay = false);
  }

  private static Future<Claims> refused(Refusal refusal) {
    return Future.failedFuture(new Authentication.RefusedException(refusal));
  }
}
