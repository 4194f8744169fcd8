package dev.switchboard.bridge.socket;

/**
 * What one socket has written while its transport was behind (its queue full): frames and their bytes as encoded,
 * bounded by {@code bridge.outboundQueue} and {@code bridge.outboundQueueBytes}; cleared when the transport drains.
 * Past either bound the socket is a slow consumer. Confined to the socket's event loop.
 */
final class OutboundBacklog {

  private final int maxFrames;
  private final long maxBytes;
  private int frames;
  private long bytes;

  OutboundBacklog(int maxFrames, long maxBytes) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  /** Counts one more frame of {@code frameBytes} written while behind; false once either bound is passed. */
  boolean add(long frameBytes) {
    frames++;
    bytes += frameBytes;
    return frames <= maxFrames && bytes <= maxBytes;
  }

  /** True when nothing was written while behind since the last drain (the first frame arms the drain handler). */
  boolean isEmpty() {
    return frames == 0;
  }

  void drained() {
    frames = 0;
    bytes = 0;
  }
}
