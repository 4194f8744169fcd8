package dev.switchboard.bridge.transport;

import dev.switchboard.bridge.protocol.OutboundFrame;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * A bridge connection on one of SockJS's other transports (XHR streaming and polling, EventSource, …), served by
 * vertx-web's SockJS handler: frames are encoded by the SockJS session, for each socket.
 */
public final class SockJsConnection implements Connection {

  private final SockJSSocket socket;

  public SockJsConnection(SockJSSocket socket) {
    this.socket = socket;
  }

  @Override
  public Credentials credentials() {
    // read when asked (once, at admission), not kept for the socket's life
    return Credentials.of(socket.routingContext().request().headers(), socket.routingContext().request().query());
  }

  @Override
  public String remoteHost() {
    return socket.remoteAddress() == null ? null : socket.remoteAddress().host();
  }

  @Override
  public void frameHandler(Handler<Buffer> handler) {
    socket.handler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    socket.endHandler(handler);
    socket.exceptionHandler(e -> handler.handle(null));
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void write(String frameJson) {
    socket.write(frameJson);
  }

  @Override
  public void write(OutboundFrame frame) {
    socket.write(frame.json());
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  @Override
  public void close(int code, String reason) {
    socket.close(code, reason);
  }
}
