package dev.switchboard.shared.config;

import java.util.regex.Pattern;

/**
 * {@code http.*}: where the public edge listens; the REST facade's rate limit per caller — a token bucket of
 * {@code requestsPerSecond} refilled up to {@code requestBurst} for each token {@code sub} (anonymous callers: one per
 * client address), apart from the socket limits of {@code bridge.*}; and {@code statusRoomsAuthority}, the authority a
 * token needs for {@code GET /api/status} to list room names (everyone else gets counts only).
 */
public record HttpConfig(String host, int port, int requestsPerSecond, int requestBurst, String statusRoomsAuthority) {

  private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  static HttpConfig read(ConfigReader config) {
    Endpoint endpoint = Endpoint.read(config, "http");
    return new HttpConfig(endpoint.host(), endpoint.port(), config.positive("http.requestsPerSecond"),
        config.positive("http.requestBurst"),
        config.string("http.statusRoomsAuthority", AUTHORITY, "an authority word: 1 to 128 of [A-Za-z0-9_.:-]"));
  }
}
