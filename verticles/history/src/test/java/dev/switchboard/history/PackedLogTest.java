package dev.switchboard.history;

import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.ReplayRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The packed room log ({@link EventRing}, {@link IdIndex}) against a plain model, under random operations. */
class PackedLogTest {

  @Test
  @DisplayName("IdIndex finds, keeps and forgets exactly what a HashMap does, with colliding hashes and wrap-around")
  void idIndexAgainstAMap() {
    Random random = new Random(7);
    IdIndex index = new IdIndex();
    Map<Long, Long> model = new HashMap<>(); // offset -> hash
    for (int step = 0; step < 200_000; step++) {
      long offset = random.nextInt(3000);
      long hash = 1 + random.nextInt(64); // few distinct hashes: long collision runs
      if (model.containsKey(offset)) {
        long stored = model.remove(offset);
        index.remove(stored, offset);
      } else {
        model.put(offset, hash);
        index.put(hash, offset);
      }
      if (step % 97 == 0) {
        for (Map.Entry<Long, Long> e : model.entrySet()) {
          long wanted = e.getKey();
          assertThat(index.find(e.getValue(), o -> o == wanted)).isEqualTo(wanted);
        }
        long absent = 5000 + step;
        assertThat(index.find(1 + random.nextInt(64), o -> o == absent)).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(model.size());
      }
    }
  }

  @Test
  @DisplayName("EventRing keeps events in order through growth, wrap-around and compaction")
  void ringAgainstADeque() {
    Random random = new Random(11);
    EventRing ring = new EventRing();
    ArrayDeque<String[]> model = new ArrayDeque<>();
    for (int step = 0; step < 50_000; step++) {
      if (!model.isEmpty() && (random.nextInt(3) == 0 || model.size() >= 300)) {
        ring.removeOldest();
        model.removeFirst();
      } else {
        String id = "id-" + step;
        String text = "{\"n\":" + step + ",\"pad\":\"" + "é".repeat(random.nextInt(200)) + "\"}";
        ring.add(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), text, step, 300);
        model.addLast(new String[] {id, text, String.valueOf(step)});
      }
      assertThat(ring.count()).isEqualTo(model.size());
      if (step % 101 == 0) {
        int i = 0;
        for (String[] event : model) {
          assertThat(ring.id(i)).isEqualTo(event[0]);
          byte[] id = event[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
          assertThat(ring.idHash(i)).isEqualTo(IdIndex.hash(id, 0, id.length));
          assertThat(ring.hasId(i, id)).isTrue();
          assertThat(ring.text(i)).isEqualTo(event[1]);
          assertThat(ring.appendedMillis(i)).isEqualTo(Long.parseLong(event[2]));
          i++;
        }
      }
    }
  }

  @Test
  @DisplayName("a room log assigns offsets, answers a retained id as a duplicate, forgets trimmed ids, replays in order")
  void roomLog() {
    RoomLog log = new RoomLog("e1");
    Retention retention = new Retention(100, 3600);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      String id = "ev-" + i;
      ids.add(id);
      AppendReply reply = log.append(id, "{\"id\":\"" + id + "\"}", 1000 + i, retention);
      assertThat(reply.offset()).isEqualTo(i);
      assertThat(reply.duplicate()).isFalse();
    }
    assertThat(log.size()).isEqualTo(100);
    AppendReply again = log.append("ev-200", "{}", 2000, retention);
    assertThat(again.duplicate()).isTrue();
    assertThat(again.offset()).isEqualTo(200);
    AppendReply trimmedAway = log.append("ev-100", "{\"id\":\"ev-100\"}", 2000, retention);
    assertThat(trimmedAway.duplicate()).isFalse();
    assertThat(trimmedAway.offset()).isEqualTo(251);
    ReplaySlice slice = log.read("project:1", ReplayRequest.fromJson(new JsonObject().put("room", "project:1")
        .put("since", 240).put("limit", 5)), 2000, retention);
    assertThat(slice.events()).hasSize(5);
    assertThat(slice.events().get(0)).isEqualTo("{\"id\":\"ev-241\",\"offset\":241,\"epoch\":\"e1\"}");
    assertThat(log.trim(1000 + 3600 * 1000 + 240, retention)).isTrue();
    assertThat(log.size()).isEqualTo(12);
    assertThat(log.lastOffset()).isEqualTo(251);
  }
}
