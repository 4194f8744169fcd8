package dev.switchboard.shared.events;

import io.vertx.core.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The event envelope (docs/architecture.md, "The event envelope") as JSON text, built once per publish: the broadcaster writes
 * {@code {id, room, type, data, ts, source, correlationId?}} with {@code data} already encoded (it had to be, to
 * check its size), history splices {@code offset} and {@code epoch} into that text, and the same text is what
 * history keeps and room routing delivers. No step parses it or encodes {@code data} again.
 */
public final class Envelope {

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private Envelope() {
  }

  /**
   * The envelope without {@code offset}/{@code epoch}.
   *
   * @param dataJson {@code data} already encoded as JSON text
   */
  public static String text(String id, String room, String type, String dataJson, long tsMillis, String source,
                            String correlationId) {
    StringBuilder text = new StringBuilder(dataJson.length() + 160)
        .append("{\"id\":").append(Json.encode(id))
        .append(",\"room\":").append(Json.encode(room))
        .append(",\"type\":").append(Json.encode(type))
        .append(",\"data\":").append(dataJson)
        .append(",\"ts\":\"").append(timestamp(tsMillis))
        .append("\",\"source\":").append(Json.encode(source));
    if (correlationId != null) {
      text.append(",\"correlationId\":").append(Json.encode(correlationId));
    }
    return text.append('}').toString();
  }

  /**
   * The envelope with {@code offset} and {@code epoch} added. {@code epoch} must need no JSON escaping (stores make
   * them of {@code [A-Za-z0-9_.-]}).
   */
  public static String withOffset(String text, long offset, String epoch) {
    return new StringBuilder(text.length() + 48).append(text, 0, text.length() - 1)
        .append(",\"offset\":").append(offset)
        .append(",\"epoch\":\"").append(epoch).append("\"}").toString();
  }

  /** ISO-8601 UTC with milliseconds, always three digits: {@code 2026-11-22T10:00:00.120Z}. */
  public static String timestamp(long millis) {
    return TS.format(Instant.ofEpochMilli(millis));
  }
}
