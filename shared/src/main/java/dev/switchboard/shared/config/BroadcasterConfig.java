package dev.switchboard.shared.config;

/** {@code broadcaster.*}: publishes per second per publisher, and the largest event {@code data} in bytes. */
public record BroadcasterConfig(int publishPerSecond, int maxEventBytes) {

  static BroadcasterConfig read(ConfigReader config) {
    return new BroadcasterConfig(config.positive("broadcaster.publishPerSecond"),
        (int) config.integer("broadcaster.maxEventBytes", 16, 16L * 1024 * 1024));
  }
}
