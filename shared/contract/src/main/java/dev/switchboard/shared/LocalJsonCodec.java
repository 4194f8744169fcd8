package dev.switchboard.shared;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;


/**
 * A JSON object on the bus that is handed over as it is within a node: Vert.x's own codec copies a {@code JsonObject}
 * on every local delivery (a deep copy per hop, two hops and two replies per publish), this one passes the object
 * itself. Across nodes it travels as JSON text, as Vert.x's does. Used only where the sender builds the object for
 * that one message and never touches it again (service requests and their replies), so nobody can see the other side
 * change it. Every node registers it ({@link #register}) before it sends or serves.
 */
public final class LocalJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  public static final String NAME = "sb.json";

  private LocalJsonCodec() {
  }

  /** Registers the codec on this Vert.x instance unless already there. */
  public static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // one registration per Vert.x instance is all it takes
    }
  }

  /** Options that hand {@code body} over as it is when it is a JSON object; {@code options} unchanged otherwise. */
  public static DeliveryOptions handOver(Object body, DeliveryOptions options, DeliveryOptions jsonOptions) {
    return body instanceof JsonObject ? jsonOptions : options;
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    pos += 4;
    return new JsonObject(buffer.slice(pos, pos + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
