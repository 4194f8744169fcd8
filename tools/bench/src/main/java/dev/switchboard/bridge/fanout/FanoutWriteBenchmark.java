package dev.switchboard.bridge.fanout;

import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.rooms.RoomEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The fan-out write loop without the kernel: one live event into a room with {@code sockets} SockJS sockets, through
 * {@link RoomFanout} (order check, type filter, encode once) to each socket's Netty pipeline, written the way
 * {@code WebSocketConnection} writes (finished frame bytes below the WebSocket encoder, flushed), into a sink that
 * releases them where the transport would make its write system call. Time per operation / sockets = the
 * user-space part of one delivery; the rest of a real delivery is the socket write itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanoutWriteBenchmark {

  @Param({"100", "1000"})
  public int sockets;

  private Vertx vertx;
  private RoomFanout fanout;
  private EmbeddedChannel[] channels;
  private long offset;
  private JsonObject data;

  @Setup(Level.Trial)
  public void setUp() {
    vertx = Vertx.vertx();
    fanout = new RoomFanout("project:42", Future.succeededFuture(), (n, ts) -> { }, request -> Future.failedFuture("no history"), vertx);
    channels = new EmbeddedChannel[sockets];
    for (int i = 0; i < sockets; i++) {
      EmbeddedChannel channel = new EmbeddedChannel(new Sink(), new WebSocket13FrameEncoder(false));
      ChannelHandlerContext out = channel.pipeline().context(WebSocketFrameEncoder.class);
      channels[i] = channel;
      fanout.add(new Subscriber((frame, event) -> out.writeAndFlush(Unpooled.wrappedBuffer(frame.wire(true)), out.voidPromise()), null), null);
    }
    data = new JsonObject().put("seq", 1).put("t", 1_763_790_000_000L).put("pad", "x".repeat(64));
    // the room's first event is held for RoomSequencer.HOLD_MS (a predecessor may still come); after it, every next
    // offset goes straight out, which is what is measured
    oneEventToEverySocket();
    try {
      Thread.sleep(RoomSequencer.HOLD_MS * 3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (EmbeddedChannel channel : channels) {
      channel.finishAndReleaseAll();
    }
    vertx.close();
  }

  @Benchmark
  public void oneEventToEverySocket() {
    offset++;
    JsonObject envelope = new JsonObject().put("id", "e-" + offset).put("room", "project:42").put("type", "bench")
        .put("data", data).put("ts", "2026-11-22T06:30:11.939Z").put("offset", offset).put("epoch", "bench-epoch");
    fanout.receive(RoomEvent.of(envelope, 1L));
  }

  /** Where the transport's write would be: takes each flushed buffer and lets it go. */
  private static final class Sink extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
    }
  }
}
