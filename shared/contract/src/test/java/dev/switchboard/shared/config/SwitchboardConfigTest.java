package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchboardConfigTest {

  @Test
  @DisplayName("the built-in defaults are the documented and parse into typed records")
  void defaults() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigSchema.defaults());
    assertThat(config.node().roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(config.node().name()).isNull();
    assertThat(config.cluster()).isEqualTo(new ClusterConfig("switchboard", "127.0.0.1", 5701, java.util.List.of("127.0.0.1:5701")));
    assertThat(config.cluster().alone()).isTrue();
    assertThat(config.cluster().discovery()).isEqualTo(ClusterDiscovery.STATIC_LIST);
    assertThat(config.http()).isEqualTo(new HttpConfig("0.0.0.0", 8080, 1000, 2000, "admin"));
    assertThat(config.management()).isEqualTo(new Endpoint("127.0.0.1", 9090));
    assertThat(config.auth().jwt().hasKey()).isFalse();
    assertThat(config.bridge().maxSocketsPerUser()).isEqualTo(20);
    assertThat(config.bridge().handshakesPerSecond()).isEqualTo(1000);
    assertThat(config.bridge().handshakesPerSecondPerAddress()).isZero();
    assertThat(config.bridge().outboundQueue()).isEqualTo(1000);
    assertThat(config.bridge().outboundQueueBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(config.bridge().autoSubscribe()).isEmpty();
    assertThat(config.history().maxRooms()).isEqualTo(100_000);
    assertThat(config.history().maxReplyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.history().store()).isEqualTo("memory");
    assertThat(config.history().redisCaPath()).isNull();
    assertThat(config.history().retentionOf("process")).isEqualTo(new HistoryConfig.Retention(1000, 3600));
    assertThat(config.history().retentionOf("project")).isEqualTo(new HistoryConfig.Retention(1000, 86400));
    assertThat(config.processes().commands()).containsOnlyKeys("python3");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("http.port", 70000, "http.port = 70000 (expected a whole number from 1 to 65535)"),
        Arguments.of("http.port", 0, "http.port = 0"),
        Arguments.of("http.port", "8080", "http.port = \"8080\" (expected a whole number)"),
        Arguments.of("http.port", 80.5, "http.port = 80.5 (expected a whole number)"),
        Arguments.of("management.port", -1, "management.port = -1"),
        Arguments.of("cluster.port", 65536, "cluster.port = 65536"),
        Arguments.of("node.roles", new JsonArray().add("bridge").add("pusher"), "node.roles[1] = \"pusher\" (expected one of history, broadcaster, processes, bridge)"),
        Arguments.of("node.roles", new JsonArray().add("bridge").add("bridge"), "node.roles[1] = \"bridge\" (expected each role once)"),
        Arguments.of("node.transport", "kqueue", "node.transport = \"kqueue\" (expected one of auto, io_uring, epoll, nio)"),
        Arguments.of("node.roles", new JsonArray(), "node.roles = [] (expected at least one of"),
        Arguments.of("node.roles", "bridge", "node.roles = \"bridge\" (expected an array)"),
        Arguments.of("node.name", "a b", "node.name = \"a b\" (expected 1 to 64 of [A-Za-z0-9_.-])"),
        Arguments.of("node.name", 7, "node.name = 7 (expected a string or null)"),
        Arguments.of("cluster.members", new JsonArray().add("127.0.0.1"), "cluster.members[0] = \"127.0.0.1\" (expected host:port or host:port-port)"),
        Arguments.of("cluster.members", new JsonArray().add("127.0.0.1:5720-5701"), "cluster.members[0] = \"127.0.0.1:5720-5701\""),
        Arguments.of("cluster.members", new JsonArray().add("127.0.0.1:1000-9000"), "a range low-high of at most 100"),
        Arguments.of("cluster.name", "", "cluster.name = \"\""),
        Arguments.of("cluster.discovery.mode", "gossip", "cluster.discovery.mode = \"gossip\" (expected one of static, multicast, kubernetes)"),
        Arguments.of("cluster.discovery.mode", "kubernetes", "cluster.discovery.kubernetesServiceDns = null (expected the DNS name of the headless service"),
        Arguments.of("cluster.discovery.multicastGroup", "10.0.0.1", "cluster.discovery.multicastGroup = \"10.0.0.1\" (expected an IPv4 multicast address"),
        Arguments.of("cluster.discovery.multicastPort", 0, "cluster.discovery.multicastPort = 0"),
        Arguments.of("cluster.discovery.kubernetesServiceDns", "no spaces.svc", "cluster.discovery.kubernetesServiceDns = \"no spaces.svc\" (expected a DNS name"),
        Arguments.of("cluster.discovery.kubernetesDnsTimeoutSeconds", 0, "cluster.discovery.kubernetesDnsTimeoutSeconds = 0 (expected a whole number from 1 to 300)"),
        Arguments.of("auth.anonymous", "yes", "auth.anonymous = \"yes\" (expected true or false)"),
        Arguments.of("auth.jwt.algorithm", "none", "auth.jwt.algorithm = \"none\" (expected one of HS256, RS256, ES256)"),
        Arguments.of("auth.jwt.secret", "short", "auth.jwt.secret = \"(5 characters)\" (expected a secret of at least 16 characters)"),
        Arguments.of("auth.jwt.publicKeys", new JsonArray().add("not a key"), "auth.jwt.publicKeys[0] = \"not a key\" (expected a PEM public key)"),
        Arguments.of("cluster.minimumMembers", 0, "cluster.minimumMembers = 0 (expected a whole number from 1 to 100)"),
        Arguments.of("bridge.maxSockets", 0, "bridge.maxSockets = 0"),
        Arguments.of("bridge.allowedOrigins", new JsonArray().add("example.com"), "bridge.allowedOrigins[0] = \"example.com\" (expected an origin"),
        Arguments.of("bridge.idleTimeoutMs", 5, "bridge.idleTimeoutMs = 5"),
        Arguments.of("bridge.handshakesPerSecond", 0, "bridge.handshakesPerSecond = 0"),
        Arguments.of("bridge.handshakesPerSecondPerAddress", -1, "bridge.handshakesPerSecondPerAddress = -1"),
        Arguments.of("bridge.outboundQueueBytes", 0, "bridge.outboundQueueBytes = 0 (expected a whole number from 1024 to 1073741824)"),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("global").add("room.global"),
            "bridge.autoSubscribe[1] = \"room.global\" (expected a room name such as global or user:{sub}"),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("project:*"),
            "bridge.autoSubscribe[0] = \"project:*\" (expected a room name such as global or user:{sub}, with claim"
                + " placeholders {claim} or {claim[]} as in the permission rules (placeholders {claim} or {claim[]} only"),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("user:{sub"), "bridge.autoSubscribe[0] = \"user:{sub\""),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("user:{a.b}"), "unknown placeholder {a.b}"),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("chat:{sub}"), "bridge.autoSubscribe[0] = \"chat:{sub}\""),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add("user: x"), "bridge.autoSubscribe[0] = \"user: x\""),
        Arguments.of("bridge.autoSubscribe", new JsonArray().add(7), "bridge.autoSubscribe[0] = 7"),
        Arguments.of("bridge.autoSubscribe", "global", "bridge.autoSubscribe = \"global\" (expected an array)"),
        Arguments.of("http.requestsPerSecond", 0, "http.requestsPerSecond = 0 (expected a whole number from 1 to"),
        Arguments.of("http.requestBurst", "many", "http.requestBurst = \"many\" (expected a whole number)"),
        Arguments.of("history.maxRooms", 0, "history.maxRooms = 0 (expected a whole number from 1 to"),
        Arguments.of("history.maxReplyBytes", 100, "history.maxReplyBytes = 100 (expected a whole number from 1024 to 268435456)"),
        Arguments.of("permissions.inbound", new JsonArray().add("room.*"), "permissions.inbound[0] = \"room.*\" (expected an object)"),
        Arguments.of("permissions.inbound", new JsonArray().add(new JsonObject().put("adress", "room.x")), "permissions.inbound[0].adress"),
        Arguments.of("permissions.outbound", new JsonArray().add(new JsonObject().put("address", 5)), "permissions.outbound[0].address = 5"),
        Arguments.of("broadcaster.maxEventBytes", 0, "broadcaster.maxEventBytes = 0"),
        Arguments.of("history.store", "mongo", "history.store = \"mongo\" (expected one of memory, hazelcast, redis, postgres)"),
        Arguments.of("history.size", 0, "history.size = 0"),
        Arguments.of("history.redis", new JsonObject().put("caPath", "/etc/sb/redis-ca.pem"),
            "history.redis.caPath = \"/etc/sb/redis-ca.pem\" (expected null unless history.redis.connectionString is rediss://"),
        Arguments.of("history.redis", new JsonObject().put("caPath", 3), "history.redis.caPath = 3 (expected a string or null)"),
        Arguments.of("history.rooms", new JsonObject().put("chat", new JsonObject().put("size", 5)), "history.rooms.chat"),
        Arguments.of("history.rooms", new JsonObject().put("user", new JsonObject().put("sise", 5)), "history.rooms.user.sise"),
        Arguments.of("history.rooms", new JsonObject().put("user", new JsonObject().put("size", -5)), "history.rooms.user.size = -5"),
        Arguments.of("processes.commands", new JsonObject().put("ls", new JsonObject().put("path", "bin/ls")), "processes.commands.ls.path = \"bin/ls\" (expected an absolute path"),
        Arguments.of("processes.commands", new JsonObject().put("ls", "/bin/ls"), "processes.commands.ls = \"/bin/ls\" (expected an object)"),
        Arguments.of("processes.maxPerNode", 0, "processes.maxPerNode = 0"),
        Arguments.of("bridge.maxSocket", 5, "bridge.maxSocket = 5 (expected a known key: one of bridge.allowedOrigins"),
        Arguments.of("nodes", new JsonObject(), "nodes = {} (expected a known key"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badValues")
  @DisplayName("a bad value fails with one line naming the key, the value and what was expected")
  void badValue(String key, Object value, String expectedMessage) {
    JsonObject file = new JsonObject();
    ConfigSchema.put(file, key, value);
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config: ")
        .hasMessageContaining(expectedMessage)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  @DisplayName("bridge.autoSubscribe takes room names with the rules' claim placeholders, kept as written")
  void autoSubscribe() {
    JsonObject file = new JsonObject().put("bridge", new JsonObject().put("autoSubscribe",
        new JsonArray().add("user:{sub}").add("global").add("project:{projects[]}")));
    assertThat(SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), file)).bridge().autoSubscribe())
        .containsExactly("user:{sub}", "global", "project:{projects[]}");
  }

  @Test
  @DisplayName("port ranges in cluster.members are written out, and a node listing only itself is alone")
  void members() {
    JsonObject file = new JsonObject().put("cluster", new JsonObject().put("port", 5702)
        .put("members", new JsonArray().add("127.0.0.1:5701-5703").add("10.0.0.5:5701")));
    ClusterConfig cluster = SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), file)).cluster();
    assertThat(cluster.memberAddresses())
        .containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703", "10.0.0.5:5701");
    assertThat(cluster.alone()).isFalse();
    ClusterConfig self = new ClusterConfig("c", "127.0.0.1", 5702, java.util.List.of("127.0.0.1:5702"));
    assertThat(self.alone()).isTrue();
  }

  @Test
  @DisplayName("a config file's allow-list replaces the default one; other sections merge key by key")
  void merge() {
    JsonObject file = new JsonObject()
        .put("processes", new JsonObject().put("commands", new JsonObject().put("echo", new JsonObject().put("path", "/bin/echo"))))
        .put("history", new JsonObject().put("rooms", new JsonObject().put("user", new JsonObject().put("size", 10))));
    SwitchboardConfig config = SwitchboardConfig.fromJson(ConfigSchema.merge(ConfigSchema.defaults(), file));
    assertThat(config.processes().commands()).containsOnlyKeys("echo");
    assertThat(config.history().retentionOf("user")).isEqualTo(new HistoryConfig.Retention(10, 86400));
    assertThat(config.history().retentionOf("process")).isEqualTo(new HistoryConfig.Retention(1000, 3600));
    assertThat(config.processes().maxPerNode()).isEqualTo(50);
  }

  @Test
  @DisplayName("one string (environment or flag) is typed by the key's default")
  void parseValue() {
    assertThat(ConfigSchema.parseValue("http.port", "8081", "SWITCHBOARD_HTTP_PORT")).isEqualTo(8081L);
    assertThat(ConfigSchema.parseValue("auth.anonymous", "true", "x")).isEqualTo(true);
    assertThat(ConfigSchema.parseValue("node.roles", "bridge, history", "x")).isEqualTo(new JsonArray().add("bridge").add("history"));
    assertThat(ConfigSchema.parseValue("cluster.members", "[\"127.0.0.1:5701\"]", "x")).isEqualTo(new JsonArray().add("127.0.0.1:5701"));
    assertThat(ConfigSchema.parseValue("auth.jwt.secret", "s3cr3t", "x")).isEqualTo("s3cr3t");
    assertThatThrownBy(() -> ConfigSchema.parseValue("http.port", "80a", "SWITCHBOARD_HTTP_PORT"))
        .hasMessage("invalid config: SWITCHBOARD_HTTP_PORT = \"80a\" (expected a whole number)");
    assertThatThrownBy(() -> ConfigSchema.parseValue("auth.anonymous", "1", "--x"))
        .hasMessage("invalid config: --x = \"1\" (expected true or false)");
  }

  @Test
  @DisplayName("text that is not a JSON object is refused naming the file")
  void notJson() {
    assertThatThrownBy(() -> ConfigSchema.parse("{\"http\":", "conf/x.json"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("invalid config: conf/x.json = ");
    assertThatThrownBy(() -> ConfigSchema.parse("[1]", "conf/x.json"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("(expected a JSON object)");
  }
}
