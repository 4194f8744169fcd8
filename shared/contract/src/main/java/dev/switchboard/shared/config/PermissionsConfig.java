package dev.switchboard.shared.config;

import dev.switchboard.shared.permissions.PermissionRule;
import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.permissions.PermissionRules;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** {@code permissions.*}: the bridge's rules, default deny; {@code inbound} client → bus, {@code outbound} bus → client. */
public record PermissionsConfig(List<PermissionRule> inbound, List<PermissionRule> outbound) {

  static PermissionsConfig read(ConfigReader config) {
    return new PermissionsConfig(rules(config, "permissions.inbound"), rules(config, "permissions.outbound"));
  }

  private static List<PermissionRule> rules(ConfigReader config, String path) {
    List<JsonObject> objects = config.objects(path);
    List<PermissionRule> rules = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      String at = path + "[" + i + "]";
      JsonObject rule = objects.get(i);
      for (String key : rule.fieldNames()) {
        if (!key.equals("address") && !key.equals("authority")) {
          throw new ConfigException(at + "." + key, rule.getValue(key), "only the keys address and authority");
        }
      }
      if (!(rule.getValue("address") instanceof String address) || address.isEmpty()) {
        throw new ConfigException(at + ".address", rule.getValue("address"), "an address pattern");
      }
      Object authority = rule.getValue("authority");
      if (authority != null && !(authority instanceof String)) {
        throw new ConfigException(at + ".authority", authority, "a string");
      }
      rules.add(new PermissionRule(address, (String) authority));
    }
    // refuses at start the patterns the matcher cannot take (names permissions.<list>[i].address)
    PermissionRules.compile(path, rules);
    return List.copyOf(rules);
  }
}
