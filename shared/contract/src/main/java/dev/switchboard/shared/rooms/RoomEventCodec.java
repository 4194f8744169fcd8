package dev.switchboard.shared.rooms;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;

/**
 * Moves a {@link RoomEvent} across the cluster without re-encoding its envelope, and hands the same
 * instance to local consumers (it is immutable). Registered as the default codec of {@code RoomEvent} on
 * every node.
 */
public final class RoomEventCodec implements MessageCodec<RoomEvent, RoomEvent> {

  public static final String NAME = "sb.room-event";

  /** Registers the codec on this Vert.x instance unless already there. */
  public static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(RoomEvent.class, new RoomEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // one registration per Vert.x instance is all it takes
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, RoomEvent event) {
    putString(buffer, event.room());
    buffer.appendLong(event.offset());
    putString(buffer, event.epoch());
    putString(buffer, event.type());
    buffer.appendLong(event.tsMillis());
    buffer.appendInt(event.envelope().length());
    buffer.appendBuffer(event.envelope());
  }

  @Override
  public RoomEvent decodeFromWire(int pos, Buffer buffer) {
    int[] at = {pos};
    String room = getString(buffer, at);
    long offset = buffer.getLong(at[0]);
    at[0] += 8;
    String epoch = getString(buffer, at);
    String type = getString(buffer, at);
    long ts = buffer.getLong(at[0]);
    at[0] += 8;
    int length = buffer.getInt(at[0]);
    at[0] += 4;
    return new RoomEvent(room, offset, epoch, type, ts, buffer.getBuffer(at[0], at[0] + length));
  }

  @Override
  public RoomEvent transform(RoomEvent event) {
    return event;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void putString(Buffer buffer, String text) {
    if (text == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  private static String getString(Buffer buffer, int[] at) {
    int length = buffer.getInt(at[0]);
    at[0] += 4;
    if (length < 0) {
      return null;
    }
    String text = buffer.getString(at[0], at[0] + length, "UTF-8");
    at[0] += length;
    return text;
  }
}
