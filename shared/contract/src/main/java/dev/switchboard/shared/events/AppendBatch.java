package dev.switchboard.shared.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code sb.history.append} with several events (internal, broadcaster → history; the group commit of
 * docs/architecture.md): {@code {events: [{room, id, tsMillis, envelope}, ...]}}, at most {@link #MAX_EVENTS}. History
 * appends them in this order — offsets of one room follow it — and answers {@code {results: [...]}}, one per event in
 * the same order: an {@link AppendReply}, or {@code {failure: <code>, message}} for an event it did not take.
 */
public record AppendBatch(List<AppendRequest> events) {

  public static final int MAX_EVENTS = 1000;

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(events.size()));
    for (AppendRequest event : events) {
      array.add(event.toJson());
    }
    return new JsonObject().put("events", array);
  }

  /** True when {@code json} is a batch rather than a single append. */
  public static boolean isBatch(JsonObject json) {
    return json.containsKey("events");
  }

  /** Trusts its sender (a broadcaster); fails with IllegalArgumentException for a malformed batch. */
  public static AppendBatch fromJson(JsonObject json) {
    if (!(json.getValue("events") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_EVENTS) {
      throw new IllegalArgumentException("a batch append takes {events: [1 to " + MAX_EVENTS + " appends]}");
    }
    List<AppendRequest> events = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof JsonObject event)) {
        throw new IllegalArgumentException("each event of a batch append is {room, id, tsMillis, envelope}");
      }
      events.add(AppendRequest.fromJson(event));
    }
    return new AppendBatch(events);
  }

  /** One event's result in a batch reply: its reply, or the failure history answered for it. */
  public static JsonObject failure(int code, String message) {
    return new JsonObject().put("failure", code).put("message", message);
  }
}
