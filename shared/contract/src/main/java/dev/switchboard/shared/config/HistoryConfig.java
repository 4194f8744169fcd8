package dev.switchboard.shared.config;

import dev.switchboard.shared.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code history.*}: the store, the default retention, retention per room kind, the stores' connections, how many
 * rooms a store holds at most ({@code maxRooms}: an append into a new room past it is refused with 429) and how many
 * bytes of events a replay reply carries at most ({@code maxReplyBytes}: a reply is cut there with {@code more: true},
 * but always carries at least one event). {@code redisCaPath} ({@code history.redis.caPath}, default null): a PEM file
 * of the CA that signed a {@code rediss://} server's certificate, when the JVM's default trust store does not know it;
 * set only with a {@code rediss://} connection string.
 */
public record HistoryConfig(String store, Retention retention, Map<String, Retention> rooms,
                            String redisConnection, String postgresConnection, String redisCaPath, int maxRooms,
                            int maxReplyBytes) {

  /** Connections whose Redis, if TLS, has a certificate the JVM's trust store knows. */
  public HistoryConfig(String store, Retention retention, Map<String, Retention> rooms, String redisConnection,
                       String postgresConnection, int maxRooms, int maxReplyBytes) {
    this(store, retention, rooms, redisConnection, postgresConnection, null, maxRooms, maxReplyBytes);
  }

  public static final List<String> STORES = List.of("memory", "hazelcast", "redis", "postgres");
  public static final List<String> ROOM_KINDS = List.of("global", "user", "project", "agent", "process", "processes",
      "errors");

  /** How many events a room keeps, and for how long. */
  public record Retention(int size, long ttlSeconds) {
  }

  /** The retention of a room of that kind (the part of its name before {@code :}). */
  public Retention retentionOf(String roomKind) {
    return rooms.getOrDefault(roomKind, retention);
  }

  static HistoryConfig read(ConfigReader config) {
    Retention base = retention(config, "history");
    Map<String, Retention> rooms = new LinkedHashMap<>();
    for (String kind : config.object("history.rooms").fieldNames()) {
      if (!ROOM_KINDS.contains(kind)) {
        throw new ConfigException("history.rooms." + kind, config.value("history.rooms." + kind),
            "a room kind: one of " + String.join(", ", ROOM_KINDS));
      }
      String at = "history.rooms." + kind;
      rooms.put(kind, new Retention(
          config.value(at + ".size") == null ? base.size() : config.positive(at + ".size"),
          config.value(at + ".ttlSeconds") == null ? base.ttlSeconds() : config.integer(at + ".ttlSeconds", 1, Integer.MAX_VALUE)));
    }
    String redisConnection = config.nonEmpty("history.redis.connectionString");
    String redisCaPath = config.optionalString("history.redis.caPath");
    if (redisCaPath != null && !redisConnection.startsWith("rediss://")) {
      throw new ConfigException("history.redis.caPath", redisCaPath,
          "null unless history.redis.connectionString is rediss:// (Redis over TLS)");
    }
    return new HistoryConfig(config.oneOf("history.store", STORES), base, Map.copyOf(rooms),
        redisConnection, config.nonEmpty("history.postgres.connectionString"), redisCaPath,
        config.positive("history.maxRooms"), (int) config.integer("history.maxReplyBytes", 1024, 256L * 1024 * 1024));
  }

  private static Retention retention(ConfigReader config, String prefix) {
    return new Retention((int) config.integer(prefix + ".size", 1, 10_000_000),
        config.integer(prefix + ".ttlSeconds", 1, Integer.MAX_VALUE));
  }
}
