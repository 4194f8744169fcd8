package dev.switchboard.node;

import dev.switchboard.testkit.SessionFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One subscriber of a recovery storm: a raw socket registered on one room, whose connection is dropped every 1–3 s
 * (its TCP connection closed under it, no close frame: as a network drop does). Each time it connects again and
 * registers with {@code {since: <last offset it saw>, epoch}}, and checks every event it gets: the next offset, or a
 * gap, or a duplicate. Everything on its own Vert.x context; the counters are read once it has stopped.
 */
final class StormSubscriber {

  private final Context context;
  private final WebSocketClient client;
  private final int port;
  private final String token;
  private final String address;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private WebSocket ws;
  private int generation;
  private boolean kicking;
  private long kickTimer = -1;
  private volatile long lastOffset;
  private String epoch;
  private volatile long received;
  private volatile long lastFrameMillis;
  private volatile long gaps;
  private volatile long duplicates;
  private volatile int reconnects;

  StormSubscriber(Vertx vertx, WebSocketClient client, int port, String token, String room) {
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.port = port;
    this.token = token;
    this.address = "room." + room;
  }

  /** Connects and registers from offset 0; then drops and resumes every 1–3 s until {@link #stopKicking()}. */
  Future<Void> start() {
    return Future.<Void>future(p -> context.runOnContext(v -> {
      kicking = true;
      connect().onComplete(p);
    }));
  }

  /** No more drops: the current connection stays (reconnecting once more if it is down). */
  void stopKicking() {
    context.runOnContext(v -> {
      kicking = false;
      if (kickTimer >= 0) {
        context.owner().cancelTimer(kickTimer);
      }
    });
  }

  long lastOffset() {
    return lastOffset;
  }

  long received() {
    return received;
  }

  long gaps() {
    return gaps;
  }

  long duplicates() {
    return duplicates;
  }

  int reconnects() {
    return reconnects;
  }

  List<String> problems() {
    return problems;
  }

  /** Where it stands, for a failure message. */
  String describe() {
    return address + " [offset " + lastOffset + ", connection " + generation + (ws == null || ws.isClosed() ? " down" : " up")
        + ", last frame " + (System.currentTimeMillis() - lastFrameMillis) + " ms ago, reconnects " + reconnects
        + ", problems " + problems + "]";
  }

  void close() {
    context.runOnContext(v -> {
      kicking = false;
      if (ws != null) {
        ws.close();
      }
    });
  }

  private Future<Void> connect() {
    int mine = ++generation;
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/eventbus/websocket?token=" + token))
        .map(socket -> {
          ws = socket;
          socket.textMessageHandler(text -> {
            if (!SessionFrames.isSession(text)) {
              onFrame(mine, new JsonObject(text));
            }
          });
          JsonObject headers = new JsonObject().put("since", lastOffset);
          if (epoch != null) {
            headers.put("epoch", epoch);
          }
          socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
              .put("headers", headers).encode());
          if (kicking) {
            kickTimer = context.owner().setTimer(ThreadLocalRandom.current().nextLong(1000, 3001), t -> kick(mine));
          }
          return (Void) null;
        })
        .recover(e -> {
          problems.add("connect failed: " + e);
          return context.owner().timer(100).compose(t -> connect());
        });
  }

  /** Drops the connection beneath Vert.x (no close frame), then connects again and resumes. */
  private void kick(int which) {
    kickTimer = -1;
    if (which != generation || !kicking) {
      return;
    }
    ((WebSocketImplBase<?>) ws).channelHandlerContext().close();
    reconnects++;
    connect();
  }

  private void onFrame(int which, JsonObject frame) {
    lastFrameMillis = System.currentTimeMillis();
    if (which != generation) {
      return; // a dropped connection's last frames: what they held comes again after since
    }
    if (!"rec".equals(frame.getString("type"))) {
      problems.add("unexpected frame " + frame.encode());
      return;
    }
    JsonObject event = frame.getJsonObject("body");
    if ("sb.recovery".equals(event.getString("type"))) {
      problems.add("not recovered: " + event.encode());
      return;
    }
    long offset = event.getLong("offset");
    if (epoch != null && !epoch.equals(event.getString("epoch"))) {
      problems.add("epoch changed from " + epoch + " to " + event.getString("epoch"));
    }
    epoch = event.getString("epoch");
    received++;
    if (offset <= lastOffset) {
      duplicates++;
      return;
    }
    if (offset > lastOffset + 1) {
      gaps += offset - lastOffset - 1;
    }
    lastOffset = offset;
  }
}
