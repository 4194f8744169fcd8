package dev.switchboard.broadcaster;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.LoopbackPorts;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.Headers;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.events.AppendBatch;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.presence.Presence;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import dev.switchboard.shared.cluster.rooms.RoomSubscription;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bus contract of {@code sb.broadcast.publish} and {@code sb.presence.get} on one clustered node (one Hazelcast
 * member), with a stand-in for history that counts offsets per room.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcasterContractIT {

  private static final int PER_SECOND = 20;
  private static final int MAX_BYTES = 64;
  private static Vertx vertx;
  private MessageConsumer<JsonObject> history;
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, Long> ids = new HashMap<>();

  @BeforeAll
  static void startNode() throws Exception {
    int port = LoopbackPorts.free();
    JsonObject json = ConfigSchema.merge(ConfigSchema.defaults(), new JsonObject()
        .put("node", new JsonObject().put("name", "b1"))
        .put("cluster", new JsonObject().put("name", "sb-bc-" + UUID.randomUUID().toString().substring(0, 8))
            .put("port", port).put("members", new JsonArray().add("127.0.0.1:" + port)))
        .put("broadcaster", new JsonObject().put("publishPerSecond", PER_SECOND).put("maxEventBytes", MAX_BYTES)
            .put("presenceEvents", new io.vertx.core.json.JsonArray().add("project"))));
    SwitchboardConfig config = SwitchboardConfig.fromJson(json);
    System.setProperty("hazelcast.logging.type", "slf4j");
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    vertx = Futures.get(Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(config.cluster())))
        .buildClustered(), Duration.ofSeconds(20));
    Futures.get(RoomRouting.install(vertx, "b1"), Duration.ofSeconds(20));
    Futures.get(vertx.deployVerticle(new BroadcasterVerticle(), new DeploymentOptions().setConfig(json)), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopNode() throws Exception {
    Futures.get(vertx.close(), Duration.ofSeconds(20));
  }

  @BeforeEach
  void startHistory() throws Exception {
    history = vertx.eventBus().consumer(Addresses.HISTORY_APPEND, this::append);
    Futures.get(history.completion(), Duration.ofSeconds(20));
  }

  @AfterEach
  void stopHistory() throws Exception {
    if (history.isRegistered()) {
      Futures.get(history.unregister(), Duration.ofSeconds(20));
    }
  }

  @Test
  @DisplayName("a publish answers {id, room, offset, epoch} and subscribers get the envelope with every field")
  void publish() throws Exception {
    String room = "project:" + UUID.randomUUID().toString().substring(0, 8);
    LinkedBlockingQueue<RoomEvent> received = new LinkedBlockingQueue<>();
    RoomSubscription subscription = Futures.get(RoomRouting.of(vertx).subscribe(room, received::add), Duration.ofSeconds(20));
    JsonObject reply = publish(new JsonObject().put("room", room).put("type", "project.updated")
        .put("data", new JsonObject().put("name", "Zoë")).put("correlationId", "c-1"), "alice");
    assertThat(reply.fieldNames()).containsExactlyInAnyOrder("id", "room", "offset", "epoch");
    assertThat(reply.getString("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(reply.getLong("offset")).isEqualTo(1);
    assertThat(reply.getString("room")).isEqualTo(room);

    RoomEvent event = received.poll(10, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.offset()).isEqualTo(1);
    assertThat(event.epoch()).isEqualTo("e1");
    JsonObject envelope = event.envelopeJson();
    assertThat(envelope.fieldNames()).containsExactlyInAnyOrder("id", "room", "type", "data", "ts", "offset", "epoch",
        "source", "correlationId");
    assertThat(envelope.getString("id")).isEqualTo(reply.getString("id"));
    assertThat(envelope.getJsonObject("data")).isEqualTo(new JsonObject().put("name", "Zoë"));
    assertThat(envelope.getString("ts")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(envelope.getString("source")).isEqualTo("b1");
    assertThat(envelope.getString("correlationId")).isEqualTo("c-1");
    Futures.get(subscription.close(), Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("data may be any JSON value, or absent")
  void anyData() throws Exception {
    for (Object data : new Object[] {"text", 42, true, new JsonArray().add(1), null}) {
      JsonObject body = new JsonObject().put("room", "global").put("type", "t");
      if (data != null) {
        body.put("data", data);
      }
      assertThat(publish(body, "anyData").getLong("offset")).isPositive();
    }
  }

  @Test
  @DisplayName("a repeated id is answered like the first with duplicate: true and delivered once")
  void idempotent() throws Exception {
    String room = "agent:" + UUID.randomUUID().toString().substring(0, 8);
    LinkedBlockingQueue<RoomEvent> received = new LinkedBlockingQueue<>();
    RoomSubscription subscription = Futures.get(RoomRouting.of(vertx).subscribe(room, received::add), Duration.ofSeconds(20));
    JsonObject body = new JsonObject().put("room", room).put("type", "t").put("data", 1).put("id", "order-17.v2");
    JsonObject first = publish(body, null);
    JsonObject second = publish(body, null);
    assertThat(first.getString("id")).isEqualTo("order-17.v2");
    assertThat(second).isEqualTo(first.copy().put("duplicate", true));
    publish(new JsonObject().put("room", room).put("type", "t").put("data", 2), null);
    assertThat(received.poll(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
    assertThat(received.poll(10, TimeUnit.SECONDS).offset()).isEqualTo(2);
    Futures.get(subscription.close(), Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("400 names what is wrong: room, type, id, correlationId, a body that is no object")
  void invalid() {
    String longType = "t".repeat(129);
    List<Object> bad = List.of(
        new JsonObject().put("room", "project:").put("type", "t"),
        new JsonObject().put("room", "nowhere").put("type", "t"),
        new JsonObject().put("type", "t"),
        new JsonObject().put("room", "global"),
        new JsonObject().put("room", "global").put("type", ""),
        new JsonObject().put("room", "global").put("type", longType),
        new JsonObject().put("room", "global").put("type", 5),
        new JsonObject().put("room", "global").put("type", "t").put("id", "has space"),
        new JsonObject().put("room", "global").put("type", "t").put("id", "x".repeat(65)),
        new JsonObject().put("room", "global").put("type", "t").put("id", 12),
        new JsonObject().put("room", "global").put("type", "t").put("correlationId", "c".repeat(129)),
        new JsonObject().put("room", "global").put("type", "t").put("correlationId", 3),
        "not an object");
    List<String> named = List.of("room", "room", "room", "type", "type", "type", "type", "id", "id", "id",
        "correlationId", "correlationId", "object");
    for (int i = 0; i < bad.size(); i++) {
      Object body = bad.get(i);
      String field = named.get(i);
      assertFails(() -> publishRaw(body, null), 400, field);
    }
  }

  @Test
  @DisplayName("403 for a client publish into processes, errors, process:<id>; the process monitor (no user) may")
  void processRooms() throws Exception {
    for (String room : List.of("processes", "errors", "process:p-1")) {
      JsonObject body = new JsonObject().put("room", room).put("type", "t").put("data", 1);
      assertFails(() -> publishRaw(body, "mallory"), 403, room);
      assertThat(publish(body, null).getLong("offset")).isPositive();
    }
  }

  @Test
  @DisplayName("413 when the JSON of data takes more UTF-8 bytes than broadcaster.maxEventBytes")
  void tooLarge() throws Exception {
    JsonObject fits = new JsonObject().put("room", "global").put("type", "t").put("data", "é".repeat(30));
    assertThat(publish(fits, "big")).isNotNull();
    JsonObject over = new JsonObject().put("room", "global").put("type", "t").put("data", "é".repeat(32));
    assertFails(() -> publishRaw(over, "big"), 413, "maxEventBytes");
  }

  @Test
  @DisplayName("429 once a user is over broadcaster.publishPerSecond; other users are not affected")
  void rateLimit() throws Exception {
    JsonObject body = new JsonObject().put("room", "global").put("type", "t").put("data", 1);
    List<Future<Message<JsonObject>>> burst = new java.util.ArrayList<>();
    for (int i = 0; i < PER_SECOND * 2; i++) {
      burst.add(publishRaw(body, "eager"));
    }
    Futures.get(Future.join(burst).otherwiseEmpty(), Duration.ofSeconds(20));
    long refused = burst.stream().filter(f -> f.failed() && ((ReplyException) f.cause()).failureCode() == 429).count();
    long taken = burst.stream().filter(Future::succeeded).count();
    assertThat(taken).isBetween((long) PER_SECOND, (long) PER_SECOND + 2);
    assertThat(refused + taken).isEqualTo(PER_SECOND * 2L);
    assertThat(publish(body, "patient")).isNotNull();
  }

  @Test
  @DisplayName("503 when no history node takes the event")
  void noHistory() throws Exception {
    Futures.get(history.unregister(), Duration.ofSeconds(20));
    JsonObject body = new JsonObject().put("room", "global").put("type", "t").put("data", 1);
    assertFails(() -> publishRaw(body, "lonely"), 503, "history");
  }

  @Test
  @DisplayName("no broadcaster at all: the requester maps the bus failure to 503")
  void noHandler() {
    assertThatThrownBy(() -> Futures.get(vertx.eventBus().request(Addresses.BROADCAST_PUBLISH + ".nobody", new JsonObject()), Duration.ofSeconds(20)))
        .cause().satisfies(e -> assertThat(dev.switchboard.shared.BusErrors.code(e)).isEqualTo(503));
  }

  @Test
  @DisplayName("presence: first socket joins, last one leaves, across counts; sb.presence.get lists users and sockets")
  void presence() throws Exception {
    String room = "project:" + UUID.randomUUID().toString().substring(0, 8);
    LinkedBlockingQueue<RoomEvent> received = new LinkedBlockingQueue<>();
    RoomSubscription subscription = Futures.get(RoomRouting.of(vertx).subscribe(room, received::add), Duration.ofSeconds(20));
    Presence presence = Presence.of(vertx);
    Futures.get(presence.joined(room, "ann"), Duration.ofSeconds(20));
    Futures.get(presence.joined(room, "ann"), Duration.ofSeconds(20));
    Futures.get(presence.joined(room, "bob"), Duration.ofSeconds(20));
    JsonObject members = request(Addresses.PRESENCE_GET, new JsonObject().put("room", room));
    assertThat(members).isEqualTo(new JsonObject().put("room", room).put("members", new JsonArray()
        .add(new JsonObject().put("user", "ann").put("connections", 2))
        .add(new JsonObject().put("user", "bob").put("connections", 1))));
    Futures.get(presence.left(room, "ann"), Duration.ofSeconds(20));
    Futures.get(presence.left(room, "bob"), Duration.ofSeconds(20));
    Futures.get(presence.left(room, "ann"), Duration.ofSeconds(20));
    Futures.get(presence.left(room, "ann"), Duration.ofSeconds(20));
    assertThat(request(Addresses.PRESENCE_GET, new JsonObject().put("room", room)).getJsonArray("members")).isEmpty();

    List<String> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JsonObject envelope = received.poll(10, TimeUnit.SECONDS).envelopeJson();
      seen.add(envelope.getString("type") + " " + envelope.getJsonObject("data").getString("user"));
    }
    assertThat(seen).containsExactly("presence.join ann", "presence.join bob", "presence.leave bob", "presence.leave ann");
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertFails(() -> vertx.eventBus().request(Addresses.PRESENCE_GET, new JsonObject().put("room", "bad room")), 400, "room");
    Futures.get(subscription.close(), Duration.ofSeconds(20));
  }

  /** A stand-in history: one append, or a batch of them (the group commit) answered one result each. */
  private void append(Message<JsonObject> message) {
    if (!AppendBatch.isBatch(message.body())) {
      message.reply(appendOne(AppendRequest.fromJson(message.body())).toJson());
      return;
    }
    JsonArray results = new JsonArray();
    AppendBatch.fromJson(message.body()).events().forEach(request -> results.add(appendOne(request).toJson()));
    message.reply(new JsonObject().put("results", results));
  }

  private AppendReply appendOne(AppendRequest request) {
    Long existing = ids.get(request.room() + "/" + request.id());
    if (existing != null) {
      return new AppendReply(request.id(), existing, "e1", true);
    }
    long offset = offsets.merge(request.room(), 1L, Long::sum);
    ids.put(request.room() + "/" + request.id(), offset);
    return new AppendReply(request.id(), offset, "e1", false);
  }

  private static Future<Message<JsonObject>> publishRaw(Object body, String user) {
    DeliveryOptions options = new DeliveryOptions();
    if (user != null) {
      options.addHeader(Headers.USER, user);
    }
    return vertx.eventBus().request(Addresses.BROADCAST_PUBLISH, body, options);
  }

  private static JsonObject publish(JsonObject body, String user) throws Exception {
    return Futures.get(publishRaw(body, user), Duration.ofSeconds(20)).body();
  }

  private static JsonObject request(String address, JsonObject body) throws Exception {
    return Futures.get(vertx.eventBus().<JsonObject>request(address, body), Duration.ofSeconds(20)).body();
  }

  private static void assertFails(java.util.function.Supplier<Future<?>> call, int code, String mentions) {
    assertThatThrownBy(() -> Futures.get(call.get(), Duration.ofSeconds(20))).cause().isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).as(e.getMessage()).isEqualTo(code);
      if (code != 503 || !mentions.isEmpty()) {
        assertThat(new JsonObject(e.getMessage()).getString("message")).contains(mentions);
      }
    });
  }


}
