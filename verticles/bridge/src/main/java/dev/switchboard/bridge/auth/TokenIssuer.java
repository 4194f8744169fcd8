package dev.switchboard.bridge.auth;

import dev.switchboard.shared.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs HS256 tokens with a secret: the admin sign-in token a lone node prints, and tokens for tests.
 * The secret is used as its UTF-8 bytes, as {@link TokenVerifier} does.
 */
public final class TokenIssuer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWTAuth provider;
  private final String issuer;
  private final String audience;

  /** An issuer of tokens without {@code iss} and {@code aud}. */
  public TokenIssuer(Vertx vertx, String secret) {
    this(vertx, secret, null, null);
  }

  /** {@code issuer} and {@code audience} (either may be null) go into every token as {@code iss} and {@code aud}. */
  public TokenIssuer(Vertx vertx, String secret, String issuer, String audience) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("an HS256 secret is required");
    }
    this.provider = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.issuer = issuer;
    this.audience = audience;
  }

  /** An issuer whose tokens pass a {@link TokenVerifier} built from {@code config} (HS256 with a secret). */
  public static TokenIssuer from(Vertx vertx, AuthConfig.Jwt config) {
    if (!config.algorithm().equals("HS256") || config.secret() == null) {
      throw new IllegalArgumentException("tokens can only be issued for HS256 with a secret");
    }
    return new TokenIssuer(vertx, config.secret(), config.issuer(), config.audience());
  }

  /**
   * A token for {@code sub} holding {@code permissions} and {@code projects} as arrays, issued now
   * ({@code iat}) and expiring after {@code ttl} ({@code exp}, whole seconds, at least one).
   */
  public String issue(String sub, List<String> permissions, List<String> projects, Duration ttl) {
    Objects.requireNonNull(sub, "sub");
    long seconds = ttl.getSeconds();
    if (seconds < 1 || seconds > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ttl must be from 1 s to " + Integer.MAX_VALUE + " s: " + ttl);
    }
    JsonObject claims = new JsonObject()
        .put("sub", sub)
        .put("permissions", new JsonArray(List.copyOf(permissions)))
        .put("projects", new JsonArray(List.copyOf(projects)));
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) seconds);
    if (issuer != null) {
      options.setIssuer(issuer);
    }
    if (audience != null) {
      options.addAudience(audience);
    }
    return provider.generateToken(claims, options);
  }

  /** A random HS256 secret for a node alone with no key configured: 32 random bytes, base64url (43 characters). */
  public static String generateSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
