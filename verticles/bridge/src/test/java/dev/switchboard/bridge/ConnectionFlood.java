package dev.switchboard.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * New WebSocket connections opened at a fixed rate on a Vert.x of their own, each asking for an upgrade with a valid
 * token and keeping what it gets: upgraded sockets stay open until {@link #close()}, refusals are counted with the
 * time their answer took. All state is touched on that Vert.x's one event loop (the timer's).
 */
final class ConnectionFlood implements AutoCloseable {

  /** What the flood got: answers by kind, how long refusals took, and how many connections got no answer. */
  record Result(int attempts, int upgraded, int refused, int otherStatus, int failed, Latencies refusalTimes) {
  }

  private final Vertx vertx;
  private final NetClient client;
  private final int port;
  private final String uri;
  private final List<WireSocket> upgraded = new ArrayList<>();
  private final Latencies refusalTimes = new Latencies();
  private int attempts;
  private int refused;
  private int otherStatus;
  private int failed;
  private int answered;

  /** Connections from {@code localAddress} (another loopback address than the legitimate clients': another client). */
  ConnectionFlood(Vertx vertx, String localAddress, int port, String uri) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setLocalAddress(localAddress));
    this.port = port;
    this.uri = uri;
  }

  /** Opens {@code perSecond} connections a second for {@code seconds}, in batches every 10 ms; completes when all have answered. */
  Future<Result> run(int perSecond, int seconds) {
    Promise<Result> done = Promise.promise();
    int total = perSecond * seconds;
    int perTick = Math.max(1, perSecond / 100);
    long start = System.nanoTime();
    vertx.setPeriodic(10, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1) + perTick);
      while (attempts < due) {
        attempts++;
        attempt().onComplete(v -> {
          if (++answered == total) {
            done.complete(new Result(total, upgraded.size(), refused, otherStatus, failed, refusalTimes));
          }
        });
      }
      if (attempts == total) {
        vertx.cancelTimer(timer);
      }
    });
    return done.future();
  }

  private Future<Void> attempt() {
    long start = System.nanoTime();
    return WireSocket.open(client, port)
        .compose(socket -> socket.upgrade(uri).map(status -> {
          if (status == 101) {
            upgraded.add(socket);
          } else if (status == 503) {
            refused++;
            refusalTimes.record(System.nanoTime() - start);
            socket.close();
          } else {
            otherStatus++;
            socket.close();
          }
          return (Void) null;
        }))
        .recover(e -> {
          failed++;
          return Future.succeededFuture();
        });
  }

  /** Closes every upgraded socket and the client. */
  @Override
  public void close() throws Exception {
    vertx.runOnContext(v -> upgraded.forEach(WireSocket::close));
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
