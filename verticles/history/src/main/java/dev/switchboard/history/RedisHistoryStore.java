package dev.switchboard.history;

import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.ReplayRequest;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code redis} store. Per room (keys {@code sb:history:{room}:…}, one hash slot per room): a hash {@code meta}
 * (epoch, last offset), a stream {@code log} whose entry ids are the offsets ({@code <offset>-0}, so a replay is one
 * {@code XRANGE} by offset) and a hash {@code ids} (event id → offset, for idempotent appends). An append is one
 * round trip: {@code append.lua} trims by age and size, answers a retained id as a duplicate, takes the next offset
 * with {@code HINCRBY}, adds the event and sets the idle expiry of the log — atomically on the server, so any number
 * of history nodes may append to the same room. A replay is one round trip too ({@code replay.lua}), and the reply
 * is decided by {@link ReplayWindow}, as in every store.
 *
 * <p>The epoch: the key {@code sb:history:epoch} names this store's life; a room takes it when it is first written
 * and keeps it in its meta. Both live in Redis, so a restarted node (or a restarted Redis that persists, AOF or RDB)
 * keeps the epoch and continues the offsets; a Redis that lost its data makes a new store epoch on the next append.
 * The envelope is stored without offset/epoch and spliced with {@link Envelope#withOffset} on replay.
 *
 * <p>{@code history.maxRooms}: the set {@code sb:history:rooms} names the store's rooms; {@code append.lua} refuses a
 * new room when its {@code SCARD} is at the bound, atomically with the room's creation (exact, whatever the number of
 * history nodes). Rooms are never removed (their meta keeps the offsets). A store written before the set existed has
 * its rooms counted as they are next appended to.
 */
final class RedisHistoryStore implements HistoryStore {

  static final String PREFIX = "sb:history:";
  static final String STORE_EPOCH = PREFIX + "epoch";
  /** The set of the store's rooms (their meta keys), for {@code history.maxRooms}. */
  static final String STORE_ROOMS = PREFIX + "rooms";
  private static final int REFUSED = 2;
  private static final RedisScript APPEND = RedisScript.load("redis/append.lua");
  private static final RedisScript REPLAY = RedisScript.load("redis/replay.lua");

  private final HistoryConfig config;
  private final LongSupplier clock;
  private final Redis redis;
  private final StoreLink link;
  private String epoch;
  /** The one connection, pipelined (Redis runs commands one at a time anyway); replaced by each (re)connect. */
  private RedisConnection connection;

  private RedisHistoryStore(Vertx vertx, HistoryConfig config, LongSupplier clock, Buffer caCert) {
    this.config = config;
    this.clock = clock;
    this.redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(config.redisConnection())
        .setMaxWaitingHandlers(4096)
        .setNetClientOptions(netClientOptions(config.redisConnection(), caCert)));
    this.link = new StoreLink(vertx, "redis store " + where(config.redisConnection(), 6379), this::connect);
  }

  /**
   * The store, after its first connect attempt; if Redis is not there yet it is down and retries with backoff. Fails
   * at once, naming the key, when {@code history.redis.caPath} cannot be read.
   */
  static Future<RedisHistoryStore> open(Vertx vertx, HistoryConfig config, LongSupplier clock) {
    return readCaCert(vertx, config.redisCaPath()).compose(caCert -> {
      RedisHistoryStore store = new RedisHistoryStore(vertx, config, clock, caCert);
      return store.link.start().map(store);
    });
  }

  /**
   * TCP options, and for {@code rediss://} TLS: the server's certificate checked against {@code caCert} (when set,
   * else the JVM's trust store) and its name or IP against the connection string's host.
   */
  static NetClientOptions netClientOptions(String connection, Buffer caCert) {
    NetClientOptions options = new NetClientOptions().setConnectTimeout(1000).setTcpNoDelay(true).setTcpKeepAlive(true);
    if (connection.startsWith("rediss://")) {
      options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (caCert != null) {
        options.setTrustOptions(new PemTrustOptions().addCertValue(caCert));
      }
    }
    return options;
  }

  private static Future<Buffer> readCaCert(Vertx vertx, String caPath) {
    if (caPath == null) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().readFile(caPath).recover(e -> Future.failedFuture(new ConfigException(
        "history.redis.caPath", caPath, "a readable PEM CA certificate; cannot read it: " + e.getMessage())));
  }

  /** The store's epoch as read at the last connect (a new room takes it). */
  String epoch() {
    return epoch;
  }

  @Override
  public Future<AppendReply> append(AppendRequest request) {
    Retention retention = config.retentionOf(RoomNames.kind(request.room()));
    String room = request.room();
    return link.call(() -> APPEND.run(connection,
            List.of(key(room, "meta"), key(room, "log"), key(room, "ids"), STORE_EPOCH, STORE_ROOMS),
            List.of(request.id(), request.envelope(), Long.toString(clock.getAsLong()), Integer.toString(retention.size()),
                Long.toString(retention.ttlSeconds() * 1000), Epochs.fresh(), Integer.toString(config.maxRooms()))))
        .compose(reply -> reply.get(2).toInteger() == REFUSED
            ? Future.failedFuture(RoomCap.refusal(room, config.maxRooms()))
            : Future.succeededFuture(new AppendReply(request.id(), reply.get(1).toLong(), reply.get(0).toString(),
                reply.get(2).toInteger() == 1)));
  }

  @Override
  public Future<ReplaySlice> replay(ReplayRequest request) {
    Retention retention = config.retentionOf(RoomNames.kind(request.room()));
    String room = request.room();
    return link.call(() -> REPLAY.run(connection,
            List.of(key(room, "meta"), key(room, "log"), STORE_EPOCH),
            List.of(request.since() == null ? "" : Long.toString(request.since()), Integer.toString(request.limit()),
                Long.toString(clock.getAsLong()), Long.toString(retention.ttlSeconds() * 1000), Epochs.fresh())))
        .map(reply -> slice(request, reply));
  }

  @Override
  public Future<HealthCheck> check() {
    return link.check(() -> connection.send(Request.cmd(Command.PING)).map(pong -> "epoch " + epoch));
  }

  @Override
  public Future<Void> close() {
    link.close();
    if (connection != null) {
      connection.close();
    }
    return redis.close();
  }

  private static ReplaySlice slice(ReplayRequest request, Response reply) {
    String roomEpoch = reply.get(0).toString();
    long last = reply.get(1).toLong();
    ReplayWindow window = ReplayWindow.of(request, last, reply.get(2).toLong(),
        ReplayWindow.epochMatches(request, roomEpoch));
    Response found = reply.get(3);
    List<String> events = new ArrayList<>(window.size());
    for (int i = 0; i + 1 < found.size(); i += 2) {
      long offset = found.get(i).toLong();
      if (window.contains(offset)) {
        events.add(Envelope.withOffset(found.get(i + 1).toString(), offset, roomEpoch));
      }
    }
    return new ReplaySlice(request.room(), events, last, roomEpoch, window.recovered(), window.more());
  }

  /**
   * Opens a connection whose closing sends the link probing (the reconnect), makes the store epoch if Redis has none
   * (a new or emptied Redis) and reads it.
   */
  private Future<Void> connect() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    return redis.connect().compose(opened -> {
      opened.exceptionHandler(e -> {
        if (connection == opened) {
          link.failed(e);
        }
      });
      opened.endHandler(v -> {
        if (connection == opened) {
          link.failed(new IllegalStateException("connection closed"));
        }
      });
      return opened.send(Request.cmd(Command.SET).arg(STORE_EPOCH).arg(Epochs.fresh()).arg("NX"))
          .compose(v -> opened.send(Request.cmd(Command.GET).arg(STORE_EPOCH)))
          .map(value -> {
            epoch = value.toString();
            connection = opened;
            return (Void) null;
          })
          .onFailure(e -> opened.close());
    });
  }

  static String key(String room, String part) {
    return PREFIX + "{" + room + "}:" + part;
  }

  /** host:port of a connection string, never its password. */
  static String where(String connection, int defaultPort) {
    try {
      URI uri = URI.create(connection);
      return uri.getHost() + ":" + (uri.getPort() < 0 ? defaultPort : uri.getPort());
    } catch (IllegalArgumentException e) {
      return "(unparsable connection string)";
    }
  }
}
