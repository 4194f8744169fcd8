package dev.switchboard.history;

import java.time.Duration;
import dev.switchboard.testkit.Futures;
import dev.switchboard.shared.config.HistoryConfig;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.AppendRequest;
import dev.switchboard.shared.events.Envelope;
import dev.switchboard.shared.events.ReplayRequest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recovery table of docs/protocol.md ("Rooms, offsets, recovery and presence"), run against every store: a room of size 5 with 8 events published
 * holds offsets 4..8.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class RecoveryTableContract {

  static final HistoryConfig CONFIG = new HistoryConfig("memory", new Retention(5, 60),
      Map.of("process", new Retention(3, 10)), "redis://x", "postgresql://x", 100_000, 1024 * 1024);

  protected final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private HistoryStore store;
  private String room;

  /** A fresh store over {@code config} (its connection strings set for this store) reading time from {@link #clock}. */
  abstract HistoryStore store(HistoryConfig config) throws Exception;

  /** The epoch an unknown room gets in this store. */
  abstract String storeEpoch(HistoryStore store);

  @BeforeEach
  void fill() throws Exception {
    store = store(CONFIG);
    room = "project:" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 1; i <= 8; i++) {
      append(room, "e" + i);
    }
  }

  @AfterEach
  void closeStore() throws Exception {
    Futures.get(store.close(), Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("since inside the window: the events after it, recovered")
  void sinceInside() throws Exception {
    ReplaySlice slice = replay(room, 5L, null, 100);
    assertThat(offsets(slice)).containsExactly(6L, 7L, 8L);
    assertThat(slice.recovered()).isTrue();
    assertThat(slice.more()).isFalse();
    assertThat(slice.offset()).isEqualTo(8);
  }

  @Test
  @DisplayName("since at the window's edge (the offset just before the oldest kept): everything kept, recovered")
  void sinceAtEdge() throws Exception {
    ReplaySlice slice = replay(room, 3L, null, 100);
    assertThat(offsets(slice)).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(slice.recovered()).isTrue();
  }

  @Test
  @DisplayName("since trimmed away: what is kept, not recovered")
  void sinceTrimmed() throws Exception {
    ReplaySlice slice = replay(room, 2L, null, 100);
    assertThat(offsets(slice)).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(slice.recovered()).isFalse();
    assertThat(replay(room, 0L, null, 100).recovered()).isFalse();
  }

  @Test
  @DisplayName("the current epoch recovers, another epoch does not")
  void epochs() throws Exception {
    String epoch = replay(room, 6L, null, 100).epoch();
    assertThat(replay(room, 6L, epoch, 100).recovered()).isTrue();
    ReplaySlice wrong = replay(room, 6L, "another", 100);
    assertThat(wrong.recovered()).isFalse();
    assertThat(wrong.epoch()).isEqualTo(epoch);
  }

  @Test
  @DisplayName("a future offset: no events, not recovered")
  void futureOffset() throws Exception {
    ReplaySlice slice = replay(room, 9L, null, 100);
    assertThat(slice.events()).isEmpty();
    assertThat(slice.recovered()).isFalse();
    assertThat(slice.offset()).isEqualTo(8);
  }

  @Test
  @DisplayName("since at the newest offset: nothing missing, recovered")
  void sinceNewest() throws Exception {
    ReplaySlice slice = replay(room, 8L, null, 100);
    assertThat(slice.events()).isEmpty();
    assertThat(slice.recovered()).isTrue();
  }

  @Test
  @DisplayName("no since: the newest events up to the limit, in ascending order")
  void noSince() throws Exception {
    ReplaySlice slice = replay(room, null, null, 2);
    assertThat(offsets(slice)).containsExactly(7L, 8L);
    assertThat(slice.recovered()).isTrue();
    assertThat(slice.more()).isFalse();
  }

  @Test
  @DisplayName("limit cuts the slice and more says so")
  void limitAndMore() throws Exception {
    ReplaySlice slice = replay(room, 3L, null, 2);
    assertThat(offsets(slice)).containsExactly(4L, 5L);
    assertThat(slice.more()).isTrue();
    assertThat(slice.recovered()).isTrue();
  }

  @Test
  @DisplayName("an unknown room: offset 0, a stable epoch which its first events then carry, recovered")
  void emptyRoom() throws Exception {
    String empty = "user:" + UUID.randomUUID();
    ReplaySlice first = replay(empty, 0L, null, 100);
    assertThat(first.events()).isEmpty();
    assertThat(first.offset()).isZero();
    assertThat(first.recovered()).isTrue();
    assertThat(first.epoch()).isEqualTo(storeEpoch(store)).isEqualTo(replay(empty, null, null, 100).epoch());
    assertThat(replay(empty, 0L, first.epoch(), 100).recovered()).isTrue();
    assertThat(replay(empty, 3L, null, 100).recovered()).isFalse();
    append(empty, "x1");
    ReplaySlice after = replay(empty, 0L, first.epoch(), 100);
    assertThat(after.recovered()).isTrue();
    assertThat(offsets(after)).containsExactly(1L);
  }

  @Test
  @DisplayName("envelopes carry offset and epoch, and stay the JSON the broadcaster built")
  void envelopes() throws Exception {
    ReplaySlice slice = replay(room, 7L, null, 100);
    JsonObject event = new JsonObject(slice.events().get(0));
    assertThat(event.getString("id")).isEqualTo("e8");
    assertThat(event.getString("room")).isEqualTo(room);
    assertThat(event.getString("type")).isEqualTo("t");
    assertThat(event.getJsonObject("data")).isEqualTo(new JsonObject().put("n", "e8"));
    assertThat(event.getLong("offset")).isEqualTo(8);
    assertThat(event.getString("epoch")).isEqualTo(slice.epoch());
    assertThat(event.getString("ts")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  @DisplayName("a repeated id within retention is a duplicate with the first offset; once trimmed it is new")
  void idempotent() throws Exception {
    AppendReply again = append(room, "e6");
    assertThat(again.duplicate()).isTrue();
    assertThat(again.offset()).isEqualTo(6);
    assertThat(replay(room, null, null, 100).offset()).isEqualTo(8);
    AppendReply trimmed = append(room, "e1");
    assertThat(trimmed.duplicate()).isFalse();
    assertThat(trimmed.offset()).isEqualTo(9);
  }

  @Test
  @DisplayName("events older than the room's time to live go; the offsets go on without reuse")
  void ttl() throws Exception {
    clock.addAndGet(61_000);
    assertThat(replay(room, 8L, null, 100).recovered()).isTrue();
    ReplaySlice expired = replay(room, 7L, null, 100);
    assertThat(expired.events()).isEmpty();
    assertThat(expired.recovered()).isFalse();
    assertThat(expired.offset()).isEqualTo(8);
    assertThat(append(room, "later").offset()).isEqualTo(9);
    assertThat(offsets(replay(room, 0L, null, 100))).containsExactly(9L);
  }

  @Test
  @DisplayName("retention follows the room kind: process rooms keep 3 events")
  void perKind() throws Exception {
    String process = "process:" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 1; i <= 6; i++) {
      append(process, "p" + i);
    }
    assertThat(offsets(replay(process, 0L, null, 100))).containsExactly(4L, 5L, 6L);
  }

  @Test
  @DisplayName("offsets count 1, 2, 3 … per room, each room on its own")
  void perRoom() throws Exception {
    String other = "agent:" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(append(other, "o1").offset()).isEqualTo(1);
    assertThat(append(room, "e9").offset()).isEqualTo(9);
    assertThat(append(other, "o2").offset()).isEqualTo(2);
  }

  @Test
  @DisplayName("a store at history.maxRooms refuses an append into a new room with 429 naming the bound; its rooms"
      + " keep taking appends")
  void maxRooms() throws Exception {
    HistoryStore full = store(new HistoryConfig(CONFIG.store(), CONFIG.retention(), CONFIG.rooms(),
        CONFIG.redisConnection(), CONFIG.postgresConnection(), 1, CONFIG.maxReplyBytes()));
    try {
      // the store holds at least the room filled before each test: a memory store is new and makes it here
      assertThat(append(full, room, "kept").duplicate()).isFalse();
      String other = "project:" + UUID.randomUUID().toString().substring(0, 8);
      assertThatThrownBy(() -> append(full, other, "new"))
          .hasCauseInstanceOf(ReplyException.class)
          .satisfies(e -> {
            ReplyException refused = (ReplyException) e.getCause();
            assertThat(refused.failureCode()).isEqualTo(429);
            assertThat(new JsonObject(refused.getMessage()).getString("error")).isEqualTo("limit");
            assertThat(new JsonObject(refused.getMessage()).getString("message")).contains("history.maxRooms (1)");
          });
      assertThat(Futures.get(full.replay(new ReplayRequest(other, null, null, 10)), Duration.ofSeconds(10)).offset()).isZero();
      assertThat(append(full, room, "still").duplicate()).isFalse();
    } finally {
      Futures.get(full.close(), Duration.ofSeconds(10));
    }
  }

  AppendReply append(String room, String id) throws Exception {
    return append(store, room, id);
  }

  AppendReply append(HistoryStore target, String room, String id) throws Exception {
    String envelope = Envelope.text(id, room, "t", new JsonObject().put("n", id).encode(), clock.get(), "node-t", null);
    return Futures.get(target.append(new AppendRequest(room, id, clock.get(), envelope)), Duration.ofSeconds(10));
  }

  ReplaySlice replay(String room, Long since, String epoch, int limit) throws Exception {
    return Futures.get(store.replay(new ReplayRequest(room, since, epoch, limit)), Duration.ofSeconds(10));
  }

  static List<Long> offsets(ReplaySlice slice) {
    return slice.events().stream().map(e -> new JsonObject(e).getLong("offset")).toList();
  }


  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
