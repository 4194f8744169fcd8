package dev.switchboard.bridge;

import java.lang.management.ManagementFactory;

/** This JVM's heap, as the fault tests measure it: used bytes after a few full collections. */
final class Heap {

  private Heap() {
  }

  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
