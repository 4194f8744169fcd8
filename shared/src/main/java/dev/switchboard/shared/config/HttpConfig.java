package dev.switchboard.shared.config;

import java.util.regex.Pattern;

/**
 * {@code http.*}: the bridge's public HTTP server (SockJS, REST, dashboard). {@code statusRoomsAuthority}: the
 * authority a token needs for {@code GET /api/status} to list room names; everyone else gets counts only.
 */
public record HttpConfig(String host, int port, String statusRoomsAuthority) {

  private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  static HttpConfig read(ConfigReader config) {
    Endpoint endpoint = Endpoint.read(config, "http");
    return new HttpConfig(endpoint.host(), endpoint.port(),
        config.string("http.statusRoomsAuthority", AUTHORITY, "an authority word: 1 to 128 of [A-Za-z0-9_.:-]"));
  }
}
