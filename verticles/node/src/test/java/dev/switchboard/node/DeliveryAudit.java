package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the readers of the rooms got against what the publishers had acknowledged. An acknowledged event is lost for a
 * reader when its offset lies at or after the first offset that reader got in that epoch, the reader does not have
 * that id at that offset, and no {@code sb.recovery} notice told the reader it would not get it (a notice moving a
 * reader from offset {@code before} of one epoch to another epoch gives up the rest of the first; within one epoch,
 * the offsets it skips). Duplicates, gaps, unannounced epoch changes and err frames are the readers' own records.
 */
record DeliveryAudit(int readers, long received, int acknowledged, List<String> lost, List<String> problems) {

  static DeliveryAudit of(Collection<RoomReader> readers, Map<String, PublishLoad.Ack> acked) {
    List<String> lost = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long received = 0;
    for (RoomReader reader : readers) {
      List<RoomReader.Segment> segments = reader.segments();
      received += segments.stream().mapToLong(s -> s.ids().size()).sum();
      reader.problems().forEach(p -> problems.add(reader.room() + "@" + reader.port() + ": " + p));
      reader.errors().forEach(err -> problems.add(reader.room() + "@" + reader.port() + ": err " + err.encode()));
      Map<String, List<RoomReader.Segment>> byEpoch = new HashMap<>();
      segments.forEach(s -> byEpoch.computeIfAbsent(s.epoch(), e -> new ArrayList<>()).add(s));
      List<JsonObject> notices = reader.notices();
      acked.forEach((id, ack) -> {
        if (ack.room().equals(reader.room()) && !announced(notices, ack)) {
          String missing = missing(byEpoch.getOrDefault(ack.epoch(), List.of()), id, ack.offset());
          if (missing != null) {
            lost.add(reader.room() + "@" + reader.port() + ": " + id + " (" + ack.epoch() + "/" + ack.offset() + ") " + missing);
          }
        }
      });
    }
    return new DeliveryAudit(readers.size(), received, acked.size(), lost, problems);
  }

  /** Whether a notice told the reader that it would not get this event. */
  private static boolean announced(List<JsonObject> notices, PublishLoad.Ack ack) {
    for (JsonObject notice : notices) {
      String from = notice.getString("beforeEpoch");
      long before = notice.getLong("before");
      boolean sameEpoch = notice.getString("epoch").equals(from);
      if (ack.epoch().equals(from) && ack.offset() > before && (!sameEpoch || ack.offset() <= notice.getLong("offset"))) {
        return true;
      }
    }
    return false;
  }

  /** Why the reader does not have {@code id} at {@code offset}, or null when it does (or started after it). */
  private static String missing(List<RoomReader.Segment> segments, String id, long offset) {
    if (segments.isEmpty() || offset < segments.get(0).first()) {
      return segments.isEmpty() ? "epoch never seen" : null;
    }
    for (RoomReader.Segment segment : segments) {
      if (offset >= segment.first() && offset <= segment.last()) {
        String got = segment.ids().get((int) (offset - segment.first()));
        return got.equals(id) ? null : "another event there: " + got;
      }
    }
    return "not received";
  }

  /** Waits until every reader has reached the newest acknowledged offset of its room. */
  static void awaitCaughtUp(Collection<RoomReader> readers, Map<String, PublishLoad.Ack> acked, Duration timeout)
      throws InterruptedException {
    Map<String, PublishLoad.Ack> newest = new HashMap<>();
    acked.values().forEach(ack -> newest.merge(ack.room(), ack, (a, b) -> a.offset() >= b.offset() ? a : b));
    Poll.until("every reader to reach the newest acknowledged offset of its room", timeout,
        () -> readers.stream().allMatch(reader -> {
          PublishLoad.Ack target = newest.get(reader.room());
          return target == null || target.epoch().equals(reader.epoch()) && reader.last() >= target.offset();
        }));
  }

  boolean clean() {
    return lost.isEmpty() && problems.isEmpty();
  }

  /** A one-paragraph account, with up to ten examples of each kind of trouble. */
  String summary() {
    return "readers " + readers + ", events received " + received + ", publishes acknowledged " + acknowledged
        + ", lost " + lost.size() + " " + lost.stream().limit(10).toList()
        + ", problems " + problems.size() + " " + problems.stream().limit(10).toList();
  }
}
