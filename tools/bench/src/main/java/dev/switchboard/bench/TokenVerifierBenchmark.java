package dev.switchboard.bench;

import dev.switchboard.bridge.auth.TokenIssuer;
import dev.switchboard.bridge.auth.TokenVerifier;
import dev.switchboard.shared.config.AuthConfig;
import dev.switchboard.shared.permissions.Claims;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link TokenVerifier#verify} per connection: a valid HS256, RS256 and ES256 token (50 projects), an
 * HS256 token with a wrong signature and a garbage string.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerifierBenchmark {

  private Vertx vertx;
  private TokenVerifier hs256;
  private TokenVerifier rs256;
  private TokenVerifier es256;
  private String hsToken;
  private String hsForged;
  private String rsToken;
  private String esToken;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    List<String> projects = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      projects.add("project-" + (1000 + i));
    }
    String secret = TokenIssuer.generateSecret();
    hs256 = new TokenVerifier(vertx, new AuthConfig.Jwt("HS256", secret, List.of(), null, null, true));
    hsToken = new TokenIssuer(vertx, secret).issue("user-12345", List.of("publish", "read"), projects,
        Duration.ofDays(1));
    hsForged = new TokenIssuer(vertx, TokenIssuer.generateSecret()).issue("user-12345", List.of("publish"), projects,
        Duration.ofDays(1));

    JsonObject claims = new JsonObject().put("sub", "user-12345").put("permissions", List.of("publish", "read"))
        .put("projects", projects);
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    KeyPair rsa = rsaGenerator.generateKeyPair();
    rs256 = new TokenVerifier(vertx, new AuthConfig.Jwt("RS256", null,
        List.of(pem("PUBLIC KEY", rsa.getPublic().getEncoded())), null, null, true));
    rsToken = sign("RS256", pem("PRIVATE KEY", rsa.getPrivate().getEncoded()), claims);
    KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
    ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecGenerator.generateKeyPair();
    es256 = new TokenVerifier(vertx, new AuthConfig.Jwt("ES256", null,
        List.of(pem("PUBLIC KEY", ec.getPublic().getEncoded())), null, null, true));
    esToken = sign("ES256", pem("PRIVATE KEY", ec.getPrivate().getEncoded()), claims);
    for (Future<Claims> check : List.of(hs256.verify(hsToken), rs256.verify(rsToken), es256.verify(esToken))) {
      check.await(5, TimeUnit.SECONDS);
    }
  }

  private String sign(String algorithm, String privatePem, JsonObject claims) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(privatePem)))
        .generateToken(claims.copy(), new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds(86_400));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vertx.close().await();
  }

  @Benchmark
  public Object hs256Valid() {
    return hs256.verify(hsToken).result();
  }

  @Benchmark
  public Object hs256WrongSignature() {
    return hs256.verify(hsForged).cause();
  }

  @Benchmark
  public Object rs256Valid() {
    return rs256.verify(rsToken).result();
  }

  @Benchmark
  public Object es256Valid() {
    return es256.verify(esToken).result();
  }

  @Benchmark
  public Object garbage() {
    return hs256.verify("not-a-token").cause();
  }
}
