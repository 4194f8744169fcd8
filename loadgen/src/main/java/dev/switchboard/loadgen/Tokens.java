package dev.switchboard.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * HS256 JSON Web Tokens as the bench configuration expects them ({@code ../shared/bench/lib/jwt.js}): claims
 * {@code sub} (one per client, so per-user socket limits do not bite), {@code permissions: ["bench"]},
 * {@code projects}, {@code iat} and {@code exp}.
 */
final class Tokens {

  /** The authority the bench configuration's rules ask for. */
  static final String AUTHORITY = "bench";
  private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] secret;
  private final long ttlSeconds;

  Tokens(String secret, long ttlSeconds) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.ttlSeconds = ttlSeconds;
  }

  /** A token for user {@code sub} with the bench authority and the given project ids, valid from now for the TTL. */
  String token(String sub, List<String> projects) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("iat", now).put("exp", now + ttlSeconds).put("sub", sub)
        .put("permissions", new JsonArray().add(AUTHORITY)).put("projects", new JsonArray(projects));
    return sign(claims);
  }

  /** {@code base64url(header).base64url(claims).base64url(HMAC-SHA256)} */
  String sign(JsonObject claims) {
    String input = HEADER + "." + base64Url(claims.encode().getBytes(StandardCharsets.UTF_8));
    return input + "." + base64Url(hmac(input.getBytes(StandardCharsets.UTF_8)));
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
