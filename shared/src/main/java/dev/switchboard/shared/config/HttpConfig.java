package dev.switchboard.shared.config;

/**
 * {@code http.*}: where the public edge listens, and the REST facade's rate limit per caller — a token bucket of
 * {@code requestsPerSecond} refilled up to {@code requestBurst} for each token {@code sub} (anonymous callers: one per
 * client address), apart from the socket limits of {@code bridge.*}.
 */
public record HttpConfig(String host, int port, int requestsPerSecond, int requestBurst) {

  static HttpConfig read(ConfigReader config) {
    Endpoint endpoint = Endpoint.read(config, "http");
    return new HttpConfig(endpoint.host(), endpoint.port(), config.positive("http.requestsPerSecond"),
        config.positive("http.requestBurst"));
  }
}
