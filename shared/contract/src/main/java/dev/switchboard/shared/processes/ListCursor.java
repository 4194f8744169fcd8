package dev.switchboard.shared.processes;

import dev.switchboard.shared.BusErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Where a walk through {@code sb.processes.list} stands. A walk sees the cluster as of its first page
 * ({@code asOf}): records started later are left out, and a record counts as running for the whole walk when it
 * was running (or waiting for a restart) at {@code asOf}, so its place in the order never changes and no record
 * is on two pages. The order: running first, by {@code startedAt} newest first; then ended ones by
 * {@code endedAt} newest first; ties by id. The cursor is the place of the last record of the page, as opaque
 * base64url text of at most {@link #MAX_CHARS} characters.
 */
public record ListCursor(Instant asOf, int group, Instant time, String id) {

  public static final int MAX_CHARS = 512;
  public static final int RUNNING = 0;
  public static final int ENDED = 1;
  private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_CHARS + "}");
  private static final String EXPECTED = "a cursor answered by a previous page";

  /** The place of a record in a walk as of {@code asOf}; null when the record is not part of that walk. */
  public static ListCursor placeOf(ProcessRecord record, Instant asOf) {
    if (record.startedAt().isAfter(asOf)) {
      return null;
    }
    boolean endedByThen = record.state().ended() && !record.restartPending() && record.endedAt() != null
        && !record.endedAt().isAfter(asOf);
    return endedByThen ? new ListCursor(asOf, ENDED, record.endedAt(), record.id())
        : new ListCursor(asOf, RUNNING, record.startedAt(), record.id());
  }

  /** The walk's order: running first, newest first within each group, then by id. */
  public static final Comparator<ListCursor> ORDER = Comparator.comparingInt(ListCursor::group)
      .thenComparing(ListCursor::time, Comparator.reverseOrder())
      .thenComparing(ListCursor::id);

  public String encode() {
    String json = new JsonObject().put("a", asOf.toString()).put("g", group).put("t", time.toString()).put("i", id)
        .encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code value}, else 400 naming {@code cursor}. */
  public static ListCursor decode(Object value) {
    if (!(value instanceof String text) || !TEXT.matcher(text).matches()) {
      throw BusErrors.invalid("cursor", value, EXPECTED);
    }
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      Object group = json.getValue("g");
      Object id = json.getValue("i");
      if (!(group instanceof Integer g) || (g != RUNNING && g != ENDED)
          || !(id instanceof String i) || !RequestFields.ID.matcher(i).matches()
          || !(json.getValue("a") instanceof String asOf) || !(json.getValue("t") instanceof String time)
          || json.size() != 4) {
        throw BusErrors.invalid("cursor", value, EXPECTED);
      }
      return new ListCursor(Instant.parse(asOf), g, Instant.parse(time), i);
    } catch (IllegalArgumentException | DecodeException | DateTimeException | ClassCastException e) {
      throw BusErrors.invalid("cursor", value, EXPECTED);
    }
  }
}
