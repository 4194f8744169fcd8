package dev.switchboard.processes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a child on its own thread, line by line, and hands each line to a {@link LineSink}.
 * Lines are cut at {@link #MAX_LINE_BYTES} (the rest of such a line is skipped and the line ends with "…"); a
 * trailing {@code \r} is dropped. The pump never waits for anybody but the child.
 */
final class OutputPump implements Runnable {

  static final int MAX_LINE_BYTES = 4096;
  private static final int READ_BYTES = 65_536;

  /** Receives the lines of one stream, on the pump's thread. */
  interface LineSink {
    void line(String stream, String text);

    /** The stream has ended (end of file or the pipe was closed). */
    void ended(String stream);
  }

  private final InputStream in;
  private final String stream;
  private final LineSink sink;

  OutputPump(InputStream in, String stream, LineSink sink) {
    this.in = in;
    this.stream = stream;
    this.sink = sink;
  }

  /** Starts a daemon thread pumping {@code in}. */
  static Thread start(String processId, InputStream in, String stream, LineSink sink) {
    Thread thread = new Thread(new OutputPump(in, stream, sink), "sb-process-" + stream + "-" + processId);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[READ_BYTES];
    byte[] line = new byte[MAX_LINE_BYTES];
    int length = 0;
    boolean cut = false;
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            emit(line, length, cut);
            length = 0;
            cut = false;
          } else if (length < MAX_LINE_BYTES) {
            line[length++] = b;
          } else {
            cut = true;
          }
        }
      }
      if (length > 0 || cut) {
        emit(line, length, cut);
      }
    } catch (IOException e) {
      // the pipe was closed under us: the process is over
    } finally {
      sink.ended(stream);
    }
  }

  private void emit(byte[] line, int length, boolean cut) {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    String text = new String(line, 0, end, StandardCharsets.UTF_8);
    sink.line(stream, cut ? text + "…" : text);
  }
}
