package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * The whole configuration of a node, typed and validated. Built from the merged JSON (defaults, file,
 * environment, flags); each verticle receives that JSON and reads its own section from here.
 */
public record SwitchboardConfig(NodeConfig node, ClusterConfig cluster, HttpConfig http, Endpoint management,
                                AuthConfig auth, BridgeConfig bridge, PermissionsConfig permissions,
                                BroadcasterConfig broadcaster, HistoryConfig history, ProcessesConfig processes) {

  /** Validates a merged configuration; fails with a {@link ConfigException} naming the first bad key. */
  public static SwitchboardConfig fromJson(JsonObject merged) {
    ConfigSchema.check(merged);
    ConfigReader config = new ConfigReader(merged);
    return new SwitchboardConfig(
        NodeConfig.read(config),
        ClusterConfig.read(config),
        HttpConfig.read(config),
        Endpoint.read(config, "management"),
        AuthConfig.read(config),
        BridgeConfig.read(config),
        PermissionsConfig.read(config),
        BroadcasterConfig.read(config),
        HistoryConfig.read(config),
        ProcessesConfig.read(config));
  }
}
