package dev.switchboard.node;

import dev.switchboard.shared.config.NetTransport;
import io.vertx.core.transport.Transport;

import java.util.List;

/**
 * Picks the Netty transport for {@code node.transport}: for {@code auto} epoll where the machine has it, else the
 * JDK's NIO; otherwise exactly the one named. io_uring is not in {@code auto}: on the fan-out benchmark it measured
 * no better than epoll (README "Performance") and it is the youngest of the three in Netty.
 */
final class EventLoopTransport {

  private static final List<Transport> BEST_FIRST = List.of(Transport.EPOLL, Transport.NIO);

  private EventLoopTransport() {
  }

  /** The transport to build Vert.x with; throws with the reason when the one configured is not available here. */
  static Transport choose(NetTransport configured) {
    if (configured == NetTransport.AUTO) {
      return BEST_FIRST.stream().filter(Transport::available).findFirst().orElse(Transport.NIO);
    }
    Transport transport = switch (configured) {
      case IO_URING -> Transport.IO_URING;
      case EPOLL -> Transport.EPOLL;
      default -> Transport.NIO;
    };
    if (!transport.available()) {
      Throwable cause = transport.unavailabilityCause();
      throw new IllegalStateException("node.transport = \"" + configured.word() + "\" is not available on this machine: "
          + (cause == null ? "unknown reason" : cause.toString()));
    }
    return transport;
  }
}
