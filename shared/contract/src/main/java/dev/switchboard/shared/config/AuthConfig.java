package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/** {@code auth.*}: whether anonymous sockets are allowed, and how JWTs are verified. */
public record AuthConfig(boolean anonymous, Jwt jwt) {

  /** {@code auth.jwt.*}. {@code secret} (HS256) and {@code publicKeys} (RS256/ES256, PEM) may be unset. */
  public record Jwt(String algorithm, String secret, List<String> publicKeys, String issuer, String audience,
                    boolean requireExp) {

    /** True when a key to verify tokens is configured for the algorithm. */
    public boolean hasKey() {
      return algorithm.equals("HS256") ? secret != null : !publicKeys.isEmpty();
    }
  }

  static AuthConfig read(ConfigReader config) {
    String algorithm = config.oneOf("auth.jwt.algorithm", List.of("HS256", "RS256", "ES256"));
    Jwt jwt = new Jwt(algorithm,
        config.optionalString("auth.jwt.secret"),
        config.strings("auth.jwt.publicKeys", Pattern.compile("(?s).*-----BEGIN PUBLIC KEY-----.*"), "a PEM public key"),
        config.optionalString("auth.jwt.issuer"),
        config.optionalString("auth.jwt.audience"),
        config.bool("auth.jwt.requireExp"));
    if (jwt.secret() != null && jwt.secret().length() < 16) {
      throw new ConfigException("auth.jwt.secret", "(" + jwt.secret().length() + " characters)",
          "a secret of at least 16 characters");
    }
    return new AuthConfig(config.bool("auth.anonymous"), jwt);
  }
}
