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
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TokenVerifierTest {

  private static final String SECRET = "a-test-secret-of-enough-length";

  private Vertx vertx;
  private KeyPair rsa;
  private KeyPair ec;

  @BeforeAll
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    rsa = rsaGenerator.generateKeyPair();
    KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
    ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
    ec = ecGenerator.generateKeyPair();
  }

  @AfterAll
  void tearDown() {
    vertx.close().await();
  }

  // ---- helpers ----

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static AuthConfig.Jwt hs256(String issuer, String audience, boolean requireExp) {
    return new AuthConfig.Jwt("HS256", SECRET, List.of(), issuer, audience, requireExp);
  }

  private static AuthConfig.Jwt hs256() {
    return hs256(null, null, true);
  }

  private AuthConfig.Jwt rs256Config() {
    return new AuthConfig.Jwt("RS256", null, List.of(pem("PUBLIC KEY", rsa.getPublic().getEncoded())), null, null,
        true);
  }

  private AuthConfig.Jwt es256Config() {
    return new AuthConfig.Jwt("ES256", null, List.of(pem("PUBLIC KEY", ec.getPublic().getEncoded())), null, null,
        true);
  }

  private JWTAuth signer(String algorithm, String keyText) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(keyText)));
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "alice").put("permissions", new JsonArray().add("publish"))
        .put("projects", new JsonArray().add("42")).put("exp", now() + 600);
  }

  private String hsToken(JsonObject claims) {
    return signer("HS256", SECRET).generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Claims accepted(Future<Claims> result) {
    try {
      return result.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("expected the token to be accepted, got " + e, e);
    }
  }

  private static TokenRejectedException refused(Future<Claims> result) {
    try {
      result.await(5, TimeUnit.SECONDS);
    } catch (TokenRejectedException e) {
      assertThat(e.failureCode()).isEqualTo(401);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a TokenRejectedException, got " + e, e);
    }
    throw new AssertionError("expected the token to be refused");
  }

  private static void unauthenticated(Future<Claims> result) {
    assertThat(refused(result).failureType()).isEqualTo(TokenRejectedException.UNAUTHENTICATED);
  }

  // ---- tests ----

  @Nested
  @DisplayName("HS256")
  class Hs256 {

    @Test
    @DisplayName("a valid token gives its claims, its subject, permissions and exp")
    void valid() {
      long exp = now() + 600;
      Claims claims = accepted(new TokenVerifier(vertx, hs256()).verify(hsToken(claims().put("exp", exp))));
      assertThat(claims.subject()).isEqualTo("alice");
      assertThat(claims.permissions()).containsExactly("publish");
      assertThat(claims.arrayClaim("projects")).containsExactly("42");
      assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(exp));
    }

    @Test
    @DisplayName("a token signed with another secret is refused")
    void wrongKey() {
      String token = signer("HS256", "another-secret-entirely").generateToken(claims(),
          new JWTOptions().setAlgorithm("HS256"));
      unauthenticated(new TokenVerifier(vertx, hs256()).verify(token));
    }

    @Test
    @DisplayName("a token whose payload was changed after signing is refused")
    void tampered() {
      String[] parts = hsToken(claims()).split("\\.");
      String forged = parts[0] + "." + b64(claims().put("permissions", new JsonArray().add("admin")).encode()) + "."
          + parts[2];
      unauthenticated(new TokenVerifier(vertx, hs256()).verify(forged));
    }

    @Test
    @DisplayName("alg none is refused, with or without a signature segment")
    void none() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256());
      String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
      String payload = b64(claims().encode());
      unauthenticated(verifier.verify(header + "." + payload + "."));
      unauthenticated(verifier.verify(header + "." + payload));
      unauthenticated(verifier.verify(header + "." + payload + "." + b64("x")));
      String noneUpper = b64("{\"alg\":\"NONE\",\"typ\":\"JWT\"}");
      unauthenticated(verifier.verify(noneUpper + "." + payload + "." + b64("x")));
    }

    @Test
    @DisplayName("an expired token is refused with TOKEN_EXPIRED")
    void expired() {
      TokenRejectedException e = refused(new TokenVerifier(vertx, hs256())
          .verify(hsToken(claims().put("exp", now() - 5).put("iat", now() - 100))));
      assertThat(e.failureType()).isEqualTo("TOKEN_EXPIRED");
      assertThat(e.expired()).isTrue();
    }

    @Test
    @DisplayName("a token without exp is refused when requireExp is true, accepted when false")
    void noExp() {
      String token = hsToken(claims().put("exp", (Object) null));
      String withoutKey = hsToken(new JsonObject().put("sub", "alice"));
      unauthenticated(new TokenVerifier(vertx, hs256(null, null, true)).verify(token));
      unauthenticated(new TokenVerifier(vertx, hs256(null, null, true)).verify(withoutKey));
      Claims claims = accepted(new TokenVerifier(vertx, hs256(null, null, false)).verify(withoutKey));
      assertThat(claims.subject()).isEqualTo("alice");
      assertThat(claims.expiresAt()).isEmpty();
      // an expired token is still expired when exp is optional
      assertThat(refused(new TokenVerifier(vertx, hs256(null, null, false))
          .verify(hsToken(claims().put("exp", now() - 1)))).failureType()).isEqualTo("TOKEN_EXPIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"9999999999\"", "{\"t\":1}", "[9999999999]", "true"})
    @DisplayName("exp, nbf or iat that is not a number is refused")
    void timeTypes(String json) {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256(null, null, false));
      Object value = new JsonObject("{\"v\":" + json + "}").getValue("v");
      unauthenticated(verifier.verify(hsToken(claims().put("exp", value))));
      unauthenticated(verifier.verify(hsToken(claims().put("nbf", value))));
      unauthenticated(verifier.verify(hsToken(claims().put("iat", value))));
    }

    @Test
    @DisplayName("a token not valid yet (nbf ahead beyond the leeway) is refused")
    void notBefore() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256());
      unauthenticated(verifier.verify(hsToken(claims().put("nbf", now() + 3600))));
      accepted(verifier.verify(hsToken(claims().put("nbf", now() - 10))));
    }

    @Test
    @DisplayName("iss and aud are checked when configured, with their types")
    void issuerAudience() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256("https://issuer", "switchboard", true));
      accepted(verifier.verify(hsToken(claims().put("iss", "https://issuer").put("aud", "switchboard"))));
      accepted(verifier.verify(hsToken(claims().put("iss", "https://issuer")
          .put("aud", new JsonArray().add("other").add("switchboard")))));
      unauthenticated(verifier.verify(hsToken(claims().put("iss", "https://evil").put("aud", "switchboard"))));
      unauthenticated(verifier.verify(hsToken(claims().put("iss", "https://issuer").put("aud", "other"))));
      unauthenticated(verifier.verify(hsToken(claims().put("aud", "switchboard"))));
      unauthenticated(verifier.verify(hsToken(claims().put("iss", "https://issuer"))));
      unauthenticated(verifier.verify(hsToken(claims().put("iss", "https://issuer")
          .put("aud", new JsonObject().put("switchboard", true)))));
      unauthenticated(verifier.verify(hsToken(claims().put("iss", new JsonArray().add("https://issuer"))
          .put("aud", "switchboard"))));
      // not configured: not checked
      accepted(new TokenVerifier(vertx, hs256()).verify(hsToken(claims().put("iss", "x").put("aud", 12))));
    }

    @Test
    @DisplayName("permissions as a string, not an array, is refused; non-string elements are ignored")
    void permissionsType() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256());
      TokenRejectedException e = refused(verifier.verify(hsToken(claims().put("permissions", "publish"))));
      assertThat(e.getMessage()).contains("permissions");
      unauthenticated(verifier.verify(hsToken(claims().put("permissions", new JsonObject().put("publish", true)))));
      Claims claims = accepted(verifier.verify(hsToken(claims().put("permissions",
          new JsonArray().add(1).add("publish").add(new JsonObject())))));
      assertThat(claims.permissions()).containsExactly("publish");
      assertThat(accepted(verifier.verify(hsToken(claims().put("permissions", (Object) null)))).permissions())
          .isEmpty();
    }

    @Test
    @DisplayName("a token without a string sub is refused")
    void subject() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256());
      unauthenticated(verifier.verify(hsToken(claims().put("sub", (Object) null))));
      unauthenticated(verifier.verify(hsToken(claims().put("sub", 42))));
      unauthenticated(verifier.verify(hsToken(claims().put("sub", ""))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "a.b", "a.b.c", "a.b.c.d", "..", "a..c", ".b.c", "a.b.",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.%%%", "Bearer x.y.z", "e30.e30.e30", "bnVsbA.bnVsbA.bnVsbA",
        "W10.W10.W10", "eyJhbGciOiJIUzI1NiJ9.WzFd.AAAA", "eyJhbGciOjF9.e30.AAAA", "eyJ9.eyJ9.eyJ9"})
    @DisplayName("garbage is refused, never thrown")
    void garbage(String token) {
      unauthenticated(new TokenVerifier(vertx, hs256()).verify(token));
    }

    @Test
    @DisplayName("null, huge and non-ASCII tokens are refused, never thrown")
    void hostile() {
      TokenVerifier verifier = new TokenVerifier(vertx, hs256());
      unauthenticated(verifier.verify(null));
      unauthenticated(verifier.verify("a".repeat(100_000) + ".b.c"));
      unauthenticated(verifier.verify("é.é.é"));
      unauthenticated(verifier.verify(hsToken(claims()) + "\n"));
    }
  }

  @Nested
  @DisplayName("RS256 and ES256")
  class PublicKeys {

    @Test
    @DisplayName("RS256: a token signed with the private key is accepted")
    void rs256() {
      String token = signer("RS256", pem("PRIVATE KEY", rsa.getPrivate().getEncoded()))
          .generateToken(claims(), new JWTOptions().setAlgorithm("RS256"));
      assertThat(accepted(new TokenVerifier(vertx, rs256Config()).verify(token)).subject()).isEqualTo("alice");
    }

    @Test
    @DisplayName("ES256: a token signed with the private key is accepted")
    void es256() {
      String token = signer("ES256", pem("PRIVATE KEY", ec.getPrivate().getEncoded()))
          .generateToken(claims(), new JWTOptions().setAlgorithm("ES256"));
      assertThat(accepted(new TokenVerifier(vertx, es256Config()).verify(token)).subject()).isEqualTo("alice");
    }

    @Test
    @DisplayName("HS/RS confusion: HS256 signed with the public key's PEM text as secret is refused")
    void algorithmConfusion() {
      String publicPem = rs256Config().publicKeys().get(0);
      String token = signer("HS256", publicPem).generateToken(claims(), new JWTOptions().setAlgorithm("HS256"));
      unauthenticated(new TokenVerifier(vertx, rs256Config()).verify(token));
      String ecPem = es256Config().publicKeys().get(0);
      unauthenticated(new TokenVerifier(vertx, es256Config()).verify(
          signer("HS256", ecPem).generateToken(claims(), new JWTOptions().setAlgorithm("HS256"))));
    }

    @Test
    @DisplayName("a token of the other public-key algorithm, or signed by another key pair, is refused")
    void otherAlgorithmOrKey() throws Exception {
      String esToken = signer("ES256", pem("PRIVATE KEY", ec.getPrivate().getEncoded()))
          .generateToken(claims(), new JWTOptions().setAlgorithm("ES256"));
      unauthenticated(new TokenVerifier(vertx, rs256Config()).verify(esToken));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      String otherToken = signer("RS256", pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()))
          .generateToken(claims(), new JWTOptions().setAlgorithm("RS256"));
      unauthenticated(new TokenVerifier(vertx, rs256Config()).verify(otherToken));
      // and an HS256 token is refused by an RS256 verifier whatever its secret
      unauthenticated(new TokenVerifier(vertx, rs256Config()).verify(hsToken(claims())));
    }

    @Test
    @DisplayName("an expired RS256 token is TOKEN_EXPIRED")
    void expired() {
      String token = signer("RS256", pem("PRIVATE KEY", rsa.getPrivate().getEncoded()))
          .generateToken(claims().put("exp", now() - 60), new JWTOptions().setAlgorithm("RS256"));
      assertThat(refused(new TokenVerifier(vertx, rs256Config()).verify(token)).failureType()).isEqualTo("TOKEN_EXPIRED");
    }
  }

  @Nested
  @DisplayName("construction")
  class Construction {

    @Test
    @DisplayName("no key configured: refuses to build (a key-less JWTAuth skips signature checks)")
    void noKey() {
      assertThatThrownBy(() -> new TokenVerifier(vertx, new AuthConfig.Jwt("HS256", null, List.of(), null, null, true)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.secret");
      assertThatThrownBy(() -> new TokenVerifier(vertx, new AuthConfig.Jwt("RS256", SECRET, List.of(), null, null, true)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.publicKeys");
      assertThatThrownBy(() -> new TokenVerifier(vertx, new AuthConfig.Jwt("ES256", null, List.of(), null, null, true)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.publicKeys");
    }

    @Test
    @DisplayName("a PEM that is not a usable public key is named")
    void badKey() {
      String broken = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
      assertThatThrownBy(() -> new TokenVerifier(vertx,
          new AuthConfig.Jwt("RS256", null, List.of(rs256Config().publicKeys().get(0), broken), null, null, true)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.publicKeys[1]");
    }
  }

  @Nested
  @DisplayName("TokenIssuer")
  class Issuer {

    @Test
    @DisplayName("issued tokens pass the verifier with the same secret, iss and aud")
    void roundTrip() {
      AuthConfig.Jwt config = hs256("switchboard-node", "switchboard", true);
      String token = TokenIssuer.from(vertx, config).issue("admin", List.of("publish", "read"), List.of("1", "2"),
          Duration.ofMinutes(5));
      Claims claims = accepted(new TokenVerifier(vertx, config).verify(token));
      assertThat(claims.subject()).isEqualTo("admin");
      assertThat(claims.permissions()).containsExactlyInAnyOrder("publish", "read");
      assertThat(claims.arrayClaim("projects")).containsExactly("1", "2");
      assertThat(claims.expiresAt()).hasValueSatisfying(exp ->
          assertThat(exp).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301)));
      unauthenticated(new TokenVerifier(vertx, hs256("other", "switchboard", true)).verify(token));
    }

    @Test
    @DisplayName("generated secrets are 43 base64url characters, different each time, and usable")
    void secret() {
      String a = TokenIssuer.generateSecret();
      String b = TokenIssuer.generateSecret();
      assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
      AuthConfig.Jwt config = new AuthConfig.Jwt("HS256", a, List.of(), null, null, true);
      String token = new TokenIssuer(vertx, a).issue("u", List.of(), List.of(), Duration.ofSeconds(30));
      accepted(new TokenVerifier(vertx, config).verify(token));
      unauthenticated(new TokenVerifier(vertx, new AuthConfig.Jwt("HS256", b, List.of(), null, null, true))
          .verify(token));
    }

    @Test
    @DisplayName("bad arguments are refused")
    void badArguments() {
      TokenIssuer issuer = new TokenIssuer(vertx, SECRET);
      assertThatThrownBy(() -> issuer.issue("u", List.of(), List.of(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new TokenIssuer(vertx, "")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TokenIssuer.from(vertx, rs256Config())).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
