package dev.switchboard.bridge.auth;

import dev.switchboard.shared.config.AuthConfig;
import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Verifies the JWTs of sockets and REST calls (docs/protocol.md) and turns them into
 * {@link Claims}.
 *
 * <p>The keys are parsed once, here; {@link #verify(String)} then costs a shape check, one signature
 * check and a JSON decode of header and payload. A token is accepted only when all of these hold:
 * <ul>
 *   <li>it is three non-empty base64url segments of at most {@value #MAX_TOKEN_CHARS} characters;</li>
 *   <li>its header's {@code alg} is the configured algorithm ({@code auth.jwt.algorithm}) and its
 *       signature verifies with the configured secret (HS256) or one of the configured PEM public keys
 *       (RS256, ES256) — {@code alg: none}, an unsigned token, another algorithm (HS256 signed with the
 *       RSA public key's text as secret included) or a wrong signature are refused;</li>
 *   <li>{@code exp}, when present, is a number of seconds after now (else {@link TokenRejectedException#TOKEN_EXPIRED});
 *       it must be present unless {@code auth.jwt.requireExp} is false; no leeway is given on {@code exp};</li>
 *   <li>{@code nbf}, when present, is a number not more than {@value #NBF_LEEWAY_SECONDS} s ahead of
 *       now; {@code iat}, when present, is a number;</li>
 *   <li>{@code iss} is the string {@code auth.jwt.issuer} when one is configured, {@code aud} is the
 *       string {@code auth.jwt.audience} or an array holding it when one is configured;</li>
 *   <li>{@code sub} is a non-empty string; {@code permissions}, when present, is an array (its
 *       non-string elements are ignored).</li>
 * </ul>
 * Everything else fails the future with a {@link TokenRejectedException} (401, {@code UNAUTHENTICATED}).
 * {@code verify} never throws.
 */
public final class TokenVerifier {

  /** Longest token accepted: more than any sensible token, far less than a hostile one. */
  public static final int MAX_TOKEN_CHARS = 8192;
  static final long NBF_LEEWAY_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final String NOT_A_JWT = "The token is not a well-formed JWT.";
  private static final String NOT_TRUSTED = "The token's signature or algorithm is not accepted by this server.";

  private final JWTAuth provider;
  private final String issuer;
  private final String audience;
  private final boolean requireExp;
  private final Clock clock;

  /**
   * @throws ConfigException when no key is configured for the algorithm (a {@code JWTAuth} without a
   *                         key would accept unsigned tokens), or a key cannot be used
   */
  public TokenVerifier(Vertx vertx, AuthConfig.Jwt config) {
    this(vertx, config, Clock.systemUTC());
  }

  TokenVerifier(Vertx vertx, AuthConfig.Jwt config, Clock clock) {
    this.provider = JWTAuth.create(vertx, options(vertx, config));
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.requireExp = config.requireExp();
    this.clock = clock;
  }

  private static JWTAuthOptions options(Vertx vertx, AuthConfig.Jwt config) {
    String algorithm = config.algorithm();
    // expiry, issuer and audience are checked here, with type checks the provider lacks
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    if (algorithm.equals("HS256")) {
      if (config.secret() == null || config.secret().isEmpty()) {
        throw new ConfigException("auth.jwt.secret", config.secret(), "a secret for HS256");
      }
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(config.secret()));
    } else if (algorithm.equals("RS256") || algorithm.equals("ES256")) {
      List<String> keys = config.publicKeys() == null ? List.of() : config.publicKeys();
      if (keys.isEmpty()) {
        throw new ConfigException("auth.jwt.publicKeys", keys, "at least one PEM public key for " + algorithm);
      }
      for (int i = 0; i < keys.size(); i++) {
        PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(keys.get(i));
        try {
          // parses the key now, alone, so that a bad one is named
          JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
        } catch (RuntimeException e) {
          throw new ConfigException("auth.jwt.publicKeys[" + i + "]", "(a PEM text)",
              "a PEM public key usable with " + algorithm);
        }
        options.addPubSecKey(key);
      }
    } else {
      throw new ConfigException("auth.jwt.algorithm", algorithm, "one of HS256, RS256, ES256");
    }
    return options;
  }

  /**
   * The claims of {@code token} once every check in the class comment passed; otherwise a failed future
   * holding a {@link TokenRejectedException}. Never throws, whatever the text.
   */
  public Future<Claims> verify(String token) {
    try {
      if (!wellFormed(token)) {
        return reject(TokenRejectedException.UNAUTHENTICATED, NOT_A_JWT);
      }
      return provider.authenticate(new TokenCredentials(token)).transform(ar -> {
        if (ar.failed()) {
          LOG.debug("token refused by the provider [reason: {}]", ar.cause().toString());
          return reject(TokenRejectedException.UNAUTHENTICATED, NOT_TRUSTED);
        }
        try {
          return checkClaims(ar.result());
        } catch (RuntimeException e) {
          LOG.debug("token refused [reason: {}]", e.toString());
          return reject(TokenRejectedException.UNAUTHENTICATED, NOT_A_JWT);
        }
      });
    } catch (RuntimeException e) {
      // the provider throws on some malformed claims (e.g. a string "exp") instead of failing
      LOG.debug("token refused [reason: {}]", e.toString());
      return reject(TokenRejectedException.UNAUTHENTICATED, NOT_A_JWT);
    }
  }

  private Future<Claims> checkClaims(User user) {
    JsonObject payload = user.attributes().getJsonObject("accessToken");
    if (payload == null) {
      return reject(TokenRejectedException.UNAUTHENTICATED, NOT_A_JWT);
    }
    long now = clock.millis() / 1000;
    Object exp = payload.getValue("exp");
    if (exp == null) {
      if (requireExp) {
        return reject(TokenRejectedException.UNAUTHENTICATED, "The token has no expiry time (exp).");
      }
    } else if (!(exp instanceof Number expiry)) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token's expiry time (exp) is not a number.");
    } else if (expiry.longValue() <= now) {
      return reject(TokenRejectedException.TOKEN_EXPIRED, "The token has expired.");
    }
    Object nbf = payload.getValue("nbf");
    if (nbf != null && (!(nbf instanceof Number notBefore) || notBefore.longValue() > now + NBF_LEEWAY_SECONDS)) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token is not valid yet (nbf).");
    }
    Object iat = payload.getValue("iat");
    if (iat != null && !(iat instanceof Number)) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token's issue time (iat) is not a number.");
    }
    if (issuer != null && !issuer.equals(payload.getValue("iss"))) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token was not issued by the expected issuer (iss).");
    }
    if (audience != null && !hasAudience(payload.getValue("aud"))) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token is not meant for this server (aud).");
    }
    if (!(payload.getValue("sub") instanceof String sub) || sub.isEmpty()) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token has no subject (sub).");
    }
    Object permissions = payload.getValue("permissions");
    if (permissions != null && !(permissions instanceof JsonArray)) {
      return reject(TokenRejectedException.UNAUTHENTICATED, "The token's permissions claim is not an array.");
    }
    return Future.succeededFuture(Claims.of(payload));
  }

  private boolean hasAudience(Object aud) {
    if (aud instanceof String s) {
      return audience.equals(s);
    }
    if (aud instanceof JsonArray array) {
      for (Object item : array) {
        if (audience.equals(item)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Three non-empty segments of base64url characters, at most {@link #MAX_TOKEN_CHARS} in all. */
  static boolean wellFormed(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    int dots = 0;
    int segment = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (segment == 0 || ++dots > 2) {
          return false;
        }
        segment = 0;
      } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
        segment++;
      } else {
        return false;
      }
    }
    return dots == 2 && segment > 0;
  }

  private static Future<Claims> reject(String failureType, String message) {
    return Future.failedFuture(new TokenRejectedException(failureType, message));
  }
}
