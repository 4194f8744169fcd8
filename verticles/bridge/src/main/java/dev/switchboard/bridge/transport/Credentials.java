package dev.switchboard.bridge.transport;

import io.vertx.core.MultiMap;

/** What a client presented to authenticate: an {@code Authorization} header and/or a {@code ?token=} parameter. */
public record Credentials(String authorization, String tokenParameter) {

  public static Credentials of(MultiMap headers, String query) {
    return new Credentials(headers.get("Authorization"), tokenOf(query));
  }

  /** The bearer token, from the header first, else the query parameter; null when neither has one. */
  public String token() {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return tokenParameter;
  }

  private static String tokenOf(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        return java.net.URLDecoder.decode(pair.substring(6), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
