package dev.switchboard.loadgen;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.events.EventTypes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One bridge frame from the server, read for what the generator needs: the address of a {@code rec}, and from its
 * event's {@code data} the generator's own {@code seq} and {@code t} (or {@code probe}), and the event's
 * {@code offset}. The server writes room events as {@code {"type":"rec","address":A,"body":<envelope>}} with the
 * publisher's {@code data} text kept as sent, so these are found by position in the text; anything else (an
 * {@code err}, another shape) is parsed as JSON.
 *
 * @param seq    the generator's sequence number, or -1
 * @param t      the generator's intended send time in µs of its clock, or -1
 * @param probe  the probe id of a probe event, or null
 * @param offset the event's offset, or -1
 */
record BridgeFrame(Type type, String address, long seq, long t, String probe, long offset, String text) {

  /** SESSION: the bridge's own notices on {@code sb.session} (the welcome, registration acks), never an event. */
  enum Type { REC, RECOVERY, SESSION, ERR, OTHER }

  private static final String REC_PREFIX = "{\"type\":\"rec\",\"address\":\"";
  private static final String BODY = ",\"body\":";
  private static final String DATA = "\"data\":{";
  private static final String SEQ = "\"seq\":";
  private static final String T = ",\"t\":";
  private static final String PROBE = "\"probe\":\"";
  private static final String OFFSET = ",\"offset\":";
  private static final String RECOVERY = "{\"type\":\"" + EventTypes.RECOVERY + "\"";

  static BridgeFrame parse(String text) {
    if (text.startsWith(REC_PREFIX)) {
      int end = text.indexOf('"', REC_PREFIX.length());
      if (end > 0 && text.startsWith(BODY, end + 1)) {
        String address = text.substring(REC_PREFIX.length(), end);
        if (address.equals(Addresses.SESSION)) {
          return new BridgeFrame(Type.SESSION, address, -1, -1, null, -1, text);
        }
        return rec(text, address, end + 1 + BODY.length());
      }
    }
    return parseJson(text);
  }

  /** The failure type of an err frame ({@code ACCESS_DENIED} …), or its message. */
  String failureType() {
    JsonObject json = json();
    String word = json.getValue("failureType") instanceof String s ? s : null;
    if (word == null) {
      word = json.getValue("body") instanceof String s ? s : json.getValue("message") instanceof String s ? s : "err";
    }
    return word;
  }

  /** The message of an err frame, or null. */
  String message() {
    return json().getValue("message") instanceof String s ? s : null;
  }

  /** The whole frame as JSON: for the rare frames whose other fields matter. */
  JsonObject json() {
    return new JsonObject(text);
  }

  /** The event (the {@code body} of a rec) as JSON. */
  JsonObject body() {
    return json().getJsonObject("body");
  }

  private static BridgeFrame rec(String text, String address, int body) {
    if (text.startsWith(RECOVERY, body)) {
      return new BridgeFrame(Type.RECOVERY, address, -1, -1, null, -1, text);
    }
    long seq = -1;
    long t = -1;
    String probe = null;
    int data = text.indexOf(DATA, body);
    if (data > 0) {
      int at = data + DATA.length();
      if (text.startsWith(SEQ, at)) {
        int seqEnd = digitsEnd(text, at + SEQ.length());
        seq = parseLong(text, at + SEQ.length(), seqEnd);
        if (seq >= 0 && text.startsWith(T, seqEnd)) {
          t = parseLong(text, seqEnd + T.length(), digitsEnd(text, seqEnd + T.length()));
        }
      } else if (text.startsWith(PROBE, at)) {
        int from = at + PROBE.length();
        int end = text.indexOf('"', from);
        probe = end > from ? text.substring(from, end) : null;
      }
    }
    // offset and epoch are the envelope's last fields (history splices them in at the end)
    int off = text.lastIndexOf(OFFSET);
    long offset = off > body ? parseLong(text, off + OFFSET.length(), digitsEnd(text, off + OFFSET.length())) : -1;
    return new BridgeFrame(Type.REC, address, seq, t, probe, offset, text);
  }

  private static BridgeFrame parseJson(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new BridgeFrame(Type.OTHER, null, -1, -1, null, -1, text);
    }
    String type = frame.getValue("type") instanceof String s ? s : "";
    String address = frame.getValue("address") instanceof String s ? s : null;
    if (type.equals("err")) {
      return new BridgeFrame(Type.ERR, address, -1, -1, null, -1, text);
    }
    if (!type.equals("rec") || !(frame.getValue("body") instanceof JsonObject body)) {
      return new BridgeFrame(Type.OTHER, address, -1, -1, null, -1, text);
    }
    if (Addresses.SESSION.equals(address)) {
      return new BridgeFrame(Type.SESSION, address, -1, -1, null, -1, text);
    }
    if (EventTypes.RECOVERY.equals(body.getValue("type"))) {
      return new BridgeFrame(Type.RECOVERY, address, -1, -1, null, -1, text);
    }
    JsonObject data = body.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    return new BridgeFrame(Type.REC, address, longOf(data.getValue("seq")), longOf(data.getValue("t")),
        data.getValue("probe") instanceof String p ? p : null, longOf(body.getValue("offset")), text);
  }

  private static long longOf(Object value) {
    return value instanceof Number number ? number.longValue() : -1;
  }

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** The non-negative number in {@code s[from, to)}, or -1 when there is none (or it overflows). */
  private static long parseLong(String s, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }
}
