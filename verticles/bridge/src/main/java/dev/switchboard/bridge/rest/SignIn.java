package dev.switchboard.bridge.rest;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.bridge.auth.SignInCodes;
import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/signin {"code": …}}: a node that made its own key trades its one-time sign-in code for the admin
 * token (24 h) — 200 {@code {"token": …}} once, then 401. With a configured key no code is ever issued, so every
 * code is 401.
 */
public final class SignIn {

  /** The authority the sign-in token carries: everything the shipped rules allow. */
  public static final String ADMIN_AUTHORITY = "admin";
  public static final Duration TOKEN_TTL = Duration.ofHours(24);

  private final SignInCodes codes;
  private final TokenIssuer issuer;

  /** {@code issuer} null: this node issues no tokens (a key it did not make). */
  public SignIn(SignInCodes codes, TokenIssuer issuer) {
    this.codes = codes;
    this.issuer = issuer;
  }

  /** After the REST facade's body handler on {@code /api/*}. */
  public void mount(Router router) {
    router.post("/api/signin").handler(this::signIn);
  }

  private void signIn(RoutingContext ctx) {
    Object code = null;
    try {
      JsonObject body = ctx.body().asJsonObject();
      code = body == null ? null : body.getValue("code");
    } catch (RuntimeException e) {
      // answered below as a body without a code
    }
    if (!(code instanceof String text)) {
      respond(ctx, Refusal.invalid("the body must be {\"code\": \"<the one-time code of the sign-in link>\"}"));
    } else if (issuer == null || !codes.redeem(text)) {
      respond(ctx, new Refusal(FailureCodes.UNAUTHENTICATED, "the sign-in code is unknown, already used or expired (codes are valid "
          + SignInCodes.VALID.toMinutes() + " minutes, once): restart the node for a new link, or bring a token"));
    } else {
      String token = issuer.issue("admin", List.of(ADMIN_AUTHORITY), List.of(), TOKEN_TTL);
      ctx.response().putHeader("content-type", "application/json").putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("token", token).encode());
    }
  }

  private static void respond(RoutingContext ctx, Refusal refusal) {
    ctx.response().setStatusCode(refusal.code()).putHeader("content-type", "application/json")
        .end(refusal.toJson().encode());
  }
}
