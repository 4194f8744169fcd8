package dev.switchboard.node;

import dev.switchboard.testkit.SessionFrames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of one room the way the README tells apps to be one: a bridge socket registered on {@code room.<room>} that,
 * when its socket closes, connects to the next node and registers again with {@code {since, epoch}} of the last
 * event it saw (an {@code sb.recovery} notice moves that position). It records what it received as segments — one per
 * epoch, the ids by offset — and every anomaly: a duplicate, a gap, an epoch that changed without a notice; and,
 * apart from those, the err frames it got at the room's address.
 *
 * <p>For each move to another node it records when the old socket closed, when it registered again and when it was
 * live again: the first event built after that registration arrived, everything before it having come first.
 */
final class RoomReader {

  /** The events of one epoch, from offset {@code first} on, by id. */
  record Segment(String epoch, long first, List<String> ids) {
    long last() {
      return first + ids.size() - 1;
    }
  }

  /**
   * One move to another node: wall-clock millis of the close, the new registration, the first frame after it and the
   * first live event after it.
   */
  record Move(long closedAt, int toPort, long registeredAt, long firstFrameAt, long liveAt) {
  }

  private static final long PING_MS = 5_000;
  private static final long RECONNECT_MS = 100;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String token;
  private final List<Integer> ports;
  private final String room;
  private final String address;
  private final List<Segment> segments = new ArrayList<>();
  private final List<JsonObject> notices = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private final List<Move> moves = new ArrayList<>();
  /** The close code of each close the node sent (null: the connection ended without a close frame). */
  private final List<Integer> closeCodes = new ArrayList<>();
  private int node;
  private WebSocket ws;
  private String epoch;
  private long last = -1;
  private long closedAt;
  private long registeredAt;
  private long firstFrameAt;
  private boolean awaitingLive;
  private long maxLagMs;
  private boolean stopped;
  private long pinger = -1;

  RoomReader(Vertx vertx, WebSocketClient client, String token, List<Integer> ports, int node, String room) {
    this.vertx = vertx;
    this.client = client;
    this.token = token;
    this.ports = List.copyOf(ports);
    this.node = node;
    this.room = room;
    this.address = "room." + room;
  }

  /** Connects to its first node and registers with {@code {since, epoch}}, as a client that was away would. */
  Future<Void> startAt(long since, String sinceEpoch) {
    synchronized (this) {
      last = since;
      epoch = sinceEpoch;
      segments.add(new Segment(sinceEpoch, since + 1, new ArrayList<>()));
    }
    return start();
  }

  /** Connects to its first node and registers (no position yet: live events from now on). */
  Future<Void> start() {
    Promise<Void> registered = Promise.promise();
    connect(registered);
    pinger = vertx.setPeriodic(PING_MS, t -> ping());
    return registered.future();
  }

  /** Closes its socket as a client that goes away would; it moves to the next node and resumes from there. */
  synchronized void dropConnection() {
    if (ws != null) {
      ws.close();
    }
  }

  synchronized void stop() {
    stopped = true;
    vertx.cancelTimer(pinger);
    if (ws != null) {
      ws.close();
    }
  }

  String room() {
    return room;
  }

  synchronized int port() {
    return ports.get(node);
  }

  synchronized List<Segment> segments() {
    return segments.stream().map(s -> new Segment(s.epoch(), s.first(), List.copyOf(s.ids()))).toList();
  }

  synchronized List<JsonObject> notices() {
    return List.copyOf(notices);
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** The err frames at the room's address (e.g. missed events that could not be fetched). */
  synchronized List<JsonObject> errors() {
    return List.copyOf(errors);
  }

  synchronized List<Integer> closeCodes() {
    return new ArrayList<>(closeCodes);
  }

  /** Whether it has an open socket now. */
  synchronized boolean connected() {
    return ws != null;
  }

  synchronized List<Move> moves() {
    return List.copyOf(moves);
  }

  /** The longest time from an event's {@code ts} to its arrival here since the last call, ms. */
  synchronized long takeMaxLag() {
    long lag = maxLagMs;
    maxLagMs = 0;
    return lag;
  }

  /** The last offset received (or told by a notice), -1 before any. */
  synchronized long last() {
    return last;
  }

  synchronized String epoch() {
    return epoch;
  }

  synchronized int received() {
    return segments.stream().mapToInt(s -> s.ids().size()).sum();
  }

  private void connect(Promise<Void> registered) {
    int port;
    synchronized (this) {
      if (stopped) {
        return;
      }
      port = ports.get(node);
    }
    SocketClient.open(client, port, token).onComplete(result -> {
      if (result.failed()) {
        synchronized (this) {
          node = (node + 1) % ports.size();
        }
        vertx.setTimer(RECONNECT_MS, t -> connect(registered));
        return;
      }
      WebSocket socket = result.result();
      socket.textMessageHandler(this::onFrame);
      socket.closeHandler(v -> onClose(socket));
      synchronized (this) {
        ws = socket;
        JsonObject headers = last < 0 ? null : new JsonObject().put("since", last).put("epoch", epoch);
        registeredAt = System.currentTimeMillis();
        firstFrameAt = 0;
        socket.writeTextMessage(SocketClient.registerFrame(address, headers).encode());
        if (closedAt > 0) {
          awaitingLive = true;
        }
      }
      registered.tryComplete();
    });
  }

  private void onClose(WebSocket socket) {
    synchronized (this) {
      if (socket != ws || stopped) {
        return;
      }
      ws = null;
      closeCodes.add(socket.closeStatusCode() == null ? null : socket.closeStatusCode().intValue());
      closedAt = System.currentTimeMillis();
      awaitingLive = false;
      node = (node + 1) % ports.size();
    }
    connect(Promise.promise());
  }

  private synchronized void ping() {
    if (ws != null) {
      ws.writeTextMessage("{\"type\":\"ping\"}");
    }
  }

  private synchronized void onFrame(String text) {
    if (SessionFrames.isSession(text)) {
      return;
    }
    if (firstFrameAt == 0) {
      firstFrameAt = System.currentTimeMillis();
    }
    JsonObject frame = new JsonObject(text);
    if ("err".equals(frame.getString("type")) && address.equals(frame.getString("address"))) {
      errors.add(frame);
      return;
    }
    if (!"rec".equals(frame.getString("type")) || !address.equals(frame.getString("address"))) {
      problems.add("unexpected frame: " + text);
      return;
    }
    JsonObject body = frame.getJsonObject("body");
    if ("sb.recovery".equals(body.getString("type"))) {
      JsonObject data = body.getJsonObject("data");
      notices.add(data.copy().put("receivedAt", System.currentTimeMillis()).put("before", last).put("beforeEpoch", epoch));
      epoch = data.getString("epoch");
      last = data.getLong("offset");
      segments.add(new Segment(epoch, last + 1, new ArrayList<>()));
      return;
    }
    long offset = body.getLong("offset");
    String eventEpoch = body.getString("epoch");
    if (!eventEpoch.equals(epoch)) {
      if (epoch != null) {
        problems.add("epoch " + epoch + " → " + eventEpoch + " at offset " + offset + " without an sb.recovery notice");
      }
      epoch = eventEpoch;
      segments.add(new Segment(epoch, offset, new ArrayList<>()));
    } else if (offset <= last) {
      problems.add("duplicate offset " + offset + " (last " + last + ")");
      return;
    } else if (offset != last + 1) {
      problems.add("gap: offset " + offset + " after " + last);
      segments.add(new Segment(epoch, offset, new ArrayList<>()));
    }
    segments.get(segments.size() - 1).ids().add(body.getString("id"));
    last = offset;
    long builtAt = Instant.parse(body.getString("ts")).toEpochMilli();
    maxLagMs = Math.max(maxLagMs, System.currentTimeMillis() - builtAt);
    if (awaitingLive && builtAt > registeredAt) {
      awaitingLive = false;
      moves.add(new Move(closedAt, ports.get(node), registeredAt, firstFrameAt, System.currentTimeMillis()));
    }
  }
}
