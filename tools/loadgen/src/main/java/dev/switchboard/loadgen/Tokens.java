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

  private final long ttlSeconds;
  /** One MAC per thread: tokens are signed on any event loop, a {@link Mac} is not thread-safe. */
  private final ThreadLocal<Mac> macs;

  Tokens(String secret, long ttlSeconds) {
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.ttlSeconds = ttlSeconds;
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
      }
    });
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
    return macs.get().doFinal(data);
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
