package dev.switchboard.bridge.auth;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * One-time sign-in codes of a node that made its own JWT key: the start-up line carries a code, never a token, so a
 * log holds no credential that still works. A code is 32 characters of {@code [A-Za-z0-9_-]} (192 random bits), valid
 * for {@link #VALID} and redeemed at most once ({@code POST /api/signin}), kept in this JVM only.
 */
public final class SignInCodes {

  public static final Duration VALID = Duration.ofMinutes(10);
  /** What a code looks like; anything else is refused before a look-up. */
  public static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{32}");
  private static final String MAP = "sb.signin";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalMap<String, Long> codes;
  private final LongSupplier clock;

  SignInCodes(LocalMap<String, Long> codes, LongSupplier clock) {
    this.codes = codes;
    this.clock = clock;
  }

  public static SignInCodes of(Vertx vertx) {
    return new SignInCodes(vertx.sharedData().getLocalMap(MAP), System::currentTimeMillis);
  }

  /** A new code, valid for {@link #VALID} from now. */
  public String issue() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    codes.put(code, clock.getAsLong() + VALID.toMillis());
    return code;
  }

  /** True once for a code issued here and not expired; the code is gone afterwards, whatever the answer. */
  public boolean redeem(String code) {
    if (code == null || !SHAPE.matcher(code).matches()) {
      return false;
    }
    Long expires = codes.remove(code);
    return expires != null && clock.getAsLong() < expires;
  }
}
