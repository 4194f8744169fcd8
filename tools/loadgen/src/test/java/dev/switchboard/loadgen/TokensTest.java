package dev.switchboard.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TokensTest {

  private static final String SECRET = "bench-secret-change-me";

  @Test
  @DisplayName("signs the published HS256 example of RFC 7519's jwt.io vector byte for byte")
  void knownVector() {
    JsonObject claims = new JsonObject().put("sub", "1234567890").put("name", "John Doe").put("iat", 1516239022);
    assertThat(new Tokens("your-256-bit-secret", 60).sign(claims)).isEqualTo(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DisplayName("vertx-auth-jwt accepts its token with the secret and finds sub, the bench authority, projects and a future exp")
  void verifiedByVertxAuth(Vertx vertx, VertxTestContext ctx) {
    String token = new Tokens(SECRET, 3600).token("bench-abc-7", List.of("fanout-abc"));
    long now = System.currentTimeMillis() / 1000;
    provider(vertx, SECRET).authenticate(new TokenCredentials(token)).onComplete(ctx.succeeding(user -> ctx.verify(() -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      assertThat(claims.getString("sub")).isEqualTo("bench-abc-7");
      assertThat(claims.getJsonArray("permissions")).isEqualTo(new JsonArray().add("bench"));
      assertThat(claims.getJsonArray("projects")).isEqualTo(new JsonArray().add("fanout-abc"));
      assertThat(claims.getLong("exp")).isBetween(now + 3590, now + 3610);
      ctx.completeNow();
    })));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DisplayName("a token signed with another secret is refused by vertx-auth-jwt")
  void wrongSecretRefused(Vertx vertx, VertxTestContext ctx) {
    String token = new Tokens("another-secret", 3600).token("bench-abc-7", List.of());
    provider(vertx, SECRET).authenticate(new TokenCredentials(token)).onComplete(ctx.failing(e -> ctx.completeNow()));
  }

  private static JWTAuth provider(Vertx vertx, String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer(secret)));
  }
}
