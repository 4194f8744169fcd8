package dev.switchboard.bridge.access;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.bridge.auth.TokenVerifier;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.bridge.auth.TokenRejectedException;
import dev.switchboard.bridge.transport.Credentials;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who is calling: the JWT from {@code Authorization: Bearer} or {@code ?token=}, verified; anonymous only
 * where {@code auth.anonymous} is true. Failures are 401 {@link Refusal}s.
 */
public final class Authentication {

  private final TokenVerifier verifier;
  private final boolean anonymous;

  /** {@code verifier} null: no key configured, only anonymous callers (and only when allowed). */
  public Authentication(TokenVerifier verifier, boolean anonymous) {
    this.verifier = verifier;
    this.anonymous = anonymous;
  }

  public Future<Claims> authenticate(HttpServerRequest request) {
    return authenticate(Credentials.of(request.headers(), request.query()));
  }

  public Future<Claims> authenticate(Credentials credentials) {
    String token = credentials.token();
    if (token == null) {
      return anonymous ? Future.succeededFuture(Claims.anonymous())
          : Future.failedFuture(new RefusedException(new Refusal(FailureCodes.UNAUTHENTICATED,
              "a token is required: ?token=<jwt> or Authorization: Bearer <jwt>")));
    }
    return verify(token);
  }

  /**
   * The claims of {@code token}, verified as a connecting socket's ({@link TokenVerifier}: at most
   * {@value TokenVerifier#MAX_TOKEN_CHARS} characters, signature, expiry...); a failure is a {@link RefusedException}
   * with 401 ({@code TOKEN_EXPIRED} for an expired token, else {@code UNAUTHENTICATED}).
   */
  public Future<Claims> verify(String token) {
    if (verifier == null) {
      return Future.failedFuture(new RefusedException(new Refusal(FailureCodes.UNAUTHENTICATED, "this node takes anonymous callers only")));
    }
    return verifier.verify(token).recover(e -> Future.failedFuture(e instanceof TokenRejectedException rejected
        ? new RefusedException(new Refusal(FailureCodes.UNAUTHENTICATED, rejected.failureType(), rejected.getMessage()))
        : new RefusedException(new Refusal(FailureCodes.UNAUTHENTICATED, "the token could not be verified"))));
  }

  /** A failure that carries its refusal. */
  public static final class RefusedException extends RuntimeException {
    private final transient Refusal refusal;

    public RefusedException(Refusal refusal) {
      super(refusal.message(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }
}
