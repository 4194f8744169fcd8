package dev.switchboard.shared.config;

import java.util.regex.Pattern;

/** A host and port to listen on ({@code http.*}, {@code management.*}). */
public record Endpoint(String host, int port) {

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]{1,255}");

  static Endpoint read(ConfigReader config, String prefix) {
    return new Endpoint(config.string(prefix + ".host", HOST, "a host name or IP address"),
        config.port(prefix + ".port"));
  }
}
