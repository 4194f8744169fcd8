package dev.switchboard.node;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.ConfigSchema;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's flags (conf/README.md): {@code --conf FILE} and one flag per frequently set key. */
record CommandLine(String confFile, JsonObject overrides, boolean help) {

  /** Flag → the config key it sets. */
  static final Map<String, String> FLAGS = flags();

  static final String USAGE = """
      usage: java -jar switchboard.jar [--conf FILE] [--roles bridge,broadcaster,history,processes]
                 [--http-port N] [--management-port N] [--node-name NAME]
                 [--cluster-name NAME] [--cluster-host HOST] [--cluster-port N] [--members host:port,host:port-port]
      Configuration, lowest precedence first: built-in defaults, conf/switchboard.json (or --conf FILE),
      SWITCHBOARD_* environment variables (SWITCHBOARD_HTTP_PORT=8081 sets http.port), these flags.""";

  static CommandLine parse(List<String> args) {
    String confFile = null;
    JsonObject overrides = new JsonObject();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CommandLine(null, overrides, true);
      }
      String flag = arg;
      String value;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        flag = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        value = null;
      }
      if (!flag.equals("--conf") && !FLAGS.containsKey(flag)) {
        throw new ConfigException(flag, value, "a flag: --conf or one of " + String.join(", ", FLAGS.keySet()));
      }
      if (value == null) {
        throw new ConfigException(flag, null, "a value after " + flag);
      }
      if (flag.equals("--conf")) {
        confFile = value;
      } else {
        String key = FLAGS.get(flag);
        ConfigSchema.put(overrides, key, ConfigSchema.parseValue(key, value, flag));
      }
    }
    return new CommandLine(confFile, overrides, false);
  }

  private static Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--roles", "node.roles");
    flags.put("--node-name", "node.name");
    flags.put("--http-port", "http.port");
    flags.put("--management-port", "management.port");
    flags.put("--cluster-name", "cluster.name");
    flags.put("--cluster-host", "cluster.host");
    flags.put("--cluster-port", "cluster.port");
    flags.put("--members", "cluster.members");
    return java.util.Collections.unmodifiableMap(flags);
  }
}
