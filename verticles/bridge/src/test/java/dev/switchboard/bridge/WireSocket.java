package dev.switchboard.bridge;

import dev.switchboard.testkit.SessionFrames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A TCP connection that speaks HTTP and WebSocket by hand, byte by byte: what a hostile or broken client sends and
 * a proper client library refuses to (invalid UTF-8 in a text frame, a request that never ends, a frame one byte at a
 * time). Reads the server's HTTP status, then its WebSocket frames; {@link #closed} completes when the TCP connection
 * ends, from either side.
 */
final class WireSocket implements AutoCloseable {

  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;

  /** A frame from the server: its opcode and payload (for a close frame: the code, then the reason). */
  record Frame(int opcode, Buffer payload) {

    String text() {
      return payload.toString(StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length() >= 2 ? payload.getUnsignedShort(0) : 1005;
    }
  }

  private final NetSocket socket;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  /** The bridge's own notices on sb.session (the welcome, acks), kept apart so that tests of other frames see none. */
  private final BlockingQueue<Frame> sessionFrames = new LinkedBlockingQueue<>();
  private final Promise<Integer> status = Promise.promise();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private Buffer pending = Buffer.buffer();
  private boolean upgraded;

  private WireSocket(NetSocket socket) {
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> {
      status.tryFail("connection closed before an HTTP response");
      closed.complete(null);
    });
  }

  static Future<WireSocket> open(NetClient client, int port) {
    return client.connect(port, "127.0.0.1").map(WireSocket::new);
  }

  /** The bytes of a WebSocket upgrade request for {@code uri}, headers included. */
  static Buffer upgradeRequest(String uri) {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    return Buffer.buffer("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
  }

  /** Sends the upgrade request; completes with the response's status (101 when upgraded). */
  Future<Integer> upgrade(String uri) {
    socket.write(upgradeRequest(uri));
    return status.future();
  }

  /** The status of the HTTP response, once it came. */
  Future<Integer> status() {
    return status.future();
  }

  Future<Void> write(Buffer bytes) {
    return socket.write(bytes);
  }

  /** A masked text frame holding exactly these bytes, valid UTF-8 or not. */
  Future<Void> sendText(byte[] payload) {
    return write(clientFrame(TEXT, payload));
  }

  Future<Void> sendText(String text) {
    return sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next sb.session notice (raw or SockJS form) within {@code ms}, or null. */
  Frame pollSession(long ms) throws InterruptedException {
    return sessionFrames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** The next frame from the server within {@code ms}, or null; sb.session notices are not among them. */
  Frame poll(long ms) throws InterruptedException {
    return frames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** Waits for the connection to end; false when it is still open after {@code ms}. */
  boolean awaitClosed(long ms) throws InterruptedException {
    try {
      closed.get(ms, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops reading: the server's writes pile up in its buffers, as with a client that hangs. */
  void stopReading() {
    socket.pause();
  }

  /** A client-to-server WebSocket frame (RFC 6455 5.2): final, masked with a random key. */
  static Buffer clientFrame(int opcode, byte[] payload) {
    Buffer frame = Buffer.buffer(payload.length + 14).appendByte((byte) (0x80 | opcode));
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else if (payload.length <= 0xFFFF) {
      frame.appendByte((byte) (0x80 | 126)).appendUnsignedShort(payload.length);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.appendBytes(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame.appendBytes(masked);
  }

  private void onData(Buffer data) {
    pending = pending.length() == 0 ? data.copy() : pending.appendBuffer(data);
    if (!upgraded && !readStatus()) {
      return;
    }
    while (readFrame()) {
      // one frame taken per turn
    }
  }

  /** Reads the HTTP response head; true once it is complete (and was a 101). */
  private boolean readStatus() {
    String head = pending.toString(StandardCharsets.ISO_8859_1);
    int end = head.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String[] statusLine = head.substring(0, head.indexOf("\r\n")).split(" ");
    int code = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    status.tryComplete(code);
    pending = pending.getBuffer(end + 4, pending.length());
    upgraded = code == 101;
    return upgraded;
  }

  private boolean readFrame() {
    if (pending.length() < 2) {
      return false;
    }
    int opcode = pending.getByte(0) & 0x0F;
    int length = pending.getByte(1) & 0x7F;
    int header = 2;
    if (length == 126) {
      if (pending.length() < 4) {
        return false;
      }
      length = pending.getUnsignedShort(2);
      header = 4;
    } else if (length == 127) {
      if (pending.length() < 10) {
        return false;
      }
      length = (int) pending.getLong(2);
      header = 10;
    }
    if (pending.length() < header + length) {
      return false;
    }
    Frame frame = new Frame(opcode, pending.getBuffer(header, header + length));
    (opcode == TEXT && SessionFrames.isSession(frame.text()) ? sessionFrames : frames).add(frame);
    pending = pending.getBuffer(header + length, pending.length());
    return true;
  }

  @Override
  public void close() {
    socket.close();
  }
}
