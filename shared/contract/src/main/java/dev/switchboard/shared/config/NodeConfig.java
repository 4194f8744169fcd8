package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.Role;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code node.*}: this node's name (null: derived from the cluster address), its roles, the network transport its
 * event loops use, and how many event loops it runs ({@code 0}: one per processor the JVM sees).
 */
public record NodeConfig(String name, Set<Role> roles, NetTransport transport, int eventLoops) {

  /** The most event loops a node may be given: far more than any machine's cores, so a typo is caught. */
  public static final int MAX_EVENT_LOOPS = 256;

  /** The event loops to build Vert.x with: the configured count, or one per processor the JVM sees. */
  public int eventLoopCount() {
    return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  static NodeConfig read(ConfigReader config) {
    String name = config.value("node.name") == null ? null
        : config.string("node.name", ConfigReader.NAME, "1 to 64 of [A-Za-z0-9_.-]");
    List<String> words = config.strings("node.roles", Pattern.compile(".*"), "role names");
    if (words.isEmpty()) {
      throw new ConfigException("node.roles", words, "at least one of " + Role.allWords());
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      Role role = Role.fromWord(words.get(i));
      if (role == null) {
        throw new ConfigException("node.roles[" + i + "]", words.get(i), "one of " + Role.allWords());
      }
      if (seen.contains(words.get(i))) {
        throw new ConfigException("node.roles[" + i + "]", words.get(i), "each role once");
      }
      seen.add(words.get(i));
      roles.add(role);
    }
    String transport = config.string("node.transport", Pattern.compile(".*"), "a transport name");
    NetTransport net = NetTransport.fromWord(transport);
    if (net == null) {
      throw new ConfigException("node.transport", transport, "one of " + NetTransport.allWords());
    }
    int eventLoops = (int) config.integer("node.eventLoops", 0, MAX_EVENT_LOOPS);
    return new NodeConfig(name, Set.copyOf(roles), net, eventLoops);
  }
}
