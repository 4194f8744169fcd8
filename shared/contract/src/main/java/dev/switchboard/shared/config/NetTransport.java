package dev.switchboard.shared.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code node.transport}: which Netty transport the node's event loops use. {@code auto} takes epoll where the
 * machine has it, else the JDK's NIO; the others insist on one and refuse to start without it.
 */
public enum NetTransport {
  AUTO("auto"), IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

  private final String word;

  NetTransport(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static NetTransport fromWord(String word) {
    return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst().orElse(null);
  }

  public static String allWords() {
    return Arrays.stream(values()).map(NetTransport::word).collect(Collectors.joining(", "));
  }
}
