package dev.switchboard.history;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.switchboard.shared.config.HistoryConfig.Retention;
import dev.switchboard.shared.events.AppendReply;
import dev.switchboard.shared.events.ReplayRequest;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Hazelcast store sends between members on every append and replay — the processors and their answers — goes
 * through Hazelcast's own serialization and comes back the same, and without Java serialization.
 */
class HazelcastWireTest {

  private final SerializationService wire = new DefaultSerializationServiceBuilder().build();
  private final Retention retention = new Retention(100, 3600);

  @Test
  void anAppendTravelsAndActsTheSame() {
    AppendProcessor sent = new AppendProcessor("e-1", "{\"id\":\"e-1\",\"room\":\"r\",\"type\":\"t\",\"data\":{},\"ts\":\"x\"}",
        1_000, retention, "epoch-1", true);
    AppendProcessor received = roundTrip(sent);

    Map.Entry<String, RoomLog> entry = new AbstractMap.SimpleEntry<>("r", null);
    AppendOutcome outcome = roundTrip(received.process(entry));

    assertThat(outcome.reply("e-1")).isEqualTo(new AppendReply("e-1", 1, "epoch-1", false));
    assertThat(entry.getValue().lastOffset()).isEqualTo(1);
    assertThat(roundTrip(received.process(entry)).reply("e-1")).isEqualTo(new AppendReply("e-1", 1, "epoch-1", true));
  }

  @Test
  void aReplayTravelsWithOrWithoutSince() {
    RoomLog log = new RoomLog("epoch-1");
    for (int i = 1; i <= 3; i++) {
      log.append("e-" + i, "{\"id\":\"e-" + i + "\",\"room\":\"r\",\"type\":\"t\",\"data\":{},\"ts\":\"x\"}", 1_000, retention);
    }
    Map.Entry<String, RoomLog> entry = new AbstractMap.SimpleEntry<>("r", log);

    ReplaySlice fromOne = roundTrip(roundTrip(new ReplayProcessor(new ReplayRequest("r", 1L, "epoch-1", 10), 1_000,
        retention, "store")).process(entry));
    ReplaySlice all = roundTrip(roundTrip(new ReplayProcessor(new ReplayRequest("r", null, null, 10), 1_000,
        retention, "store")).process(entry));

    assertThat(fromOne).isEqualTo(log.read("r", new ReplayRequest("r", 1L, "epoch-1", 10), 1_000, retention));
    assertThat(fromOne.events()).hasSize(2);
    assertThat(fromOne.offset()).isEqualTo(3);
    assertThat(all).isEqualTo(log.read("r", new ReplayRequest("r", null, null, 10), 1_000, retention));
  }

  @Test
  void anEmptySliceTravels() {
    ReplaySlice empty = new ReplaySlice("r", List.of(), 0, "store", true, false);

    assertThat(roundTrip(empty)).isEqualTo(empty);
  }

  private <T> T roundTrip(T object) {
    Data data = wire.toData(object);
    // a DataSerializable's type id is -2; Java serialization's is -100
    assertThat(data.getType()).as("serializer of %s", object.getClass().getSimpleName()).isEqualTo(-2);
    return wire.toObject(data);
  }
}
