package dev.switchboard.bench;

import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomEventCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What one room event costs before the fan-out, each step once per event (not per socket): the broadcaster builds
 * and encodes the envelope, the bus carries it to each bridge node ({@link RoomEventCodec}), and each bridge node
 * builds the frame every socket gets — the bridge frame, its SockJS form (the frame as a JSON string inside
 * {@code a[...]}) and the finished WebSocket frame bytes. A 100-byte payload, like the load harness's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeEncodingBenchmark {

  private final RoomEventCodec codec = new RoomEventCodec();
  private JsonObject data;
  private RoomEvent event;
  private String envelopeText;

  @Setup
  public void setUp() {
    data = new JsonObject().put("seq", 123456).put("t", 1_763_790_000_000L).put("pad", "x".repeat(64));
    event = RoomEvent.of(envelope(), System.currentTimeMillis());
    envelopeText = event.envelope().toString(StandardCharsets.UTF_8);
  }

  private JsonObject envelope() {
    return new JsonObject().put("id", "01a201f2-b0e3-7818-8022-a338db46992d").put("room", "project:42")
        .put("type", "bench").put("data", data).put("ts", "2026-11-22T06:30:11.939Z")
        .put("source", "node-127.0.0.1-5701").put("offset", 1234L).put("epoch", "4omlsatm7b");
  }

  /** The broadcaster: the envelope built and encoded once per publish. */
  @Benchmark
  public RoomEvent envelopeEncoded() {
    return RoomEvent.of(envelope(), 1L);
  }

  /** The cluster hop: encoded for the wire by the publishing node, decoded by each bridge node. */
  @Benchmark
  public RoomEvent busCodecRoundTrip() {
    Buffer wire = Buffer.buffer(256);
    codec.encodeToWire(wire, event);
    return codec.decodeFromWire(0, wire);
  }

  /** Each bridge node, for a room with SockJS sockets: the frame and its finished WebSocket bytes. */
  @Benchmark
  public byte[] sockJsFrame() {
    return new OutboundFrame(Frames.rec("room.project:42", envelopeText)).wire(true);
  }

  /** Each bridge node, for a room with raw WebSocket sockets. */
  @Benchmark
  public byte[] rawFrame() {
    return new OutboundFrame(Frames.rec("room.project:42", envelopeText)).wire(false);
  }
}
