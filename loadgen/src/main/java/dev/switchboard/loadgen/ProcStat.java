package dev.switchboard.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a process from {@code /proc} (Linux). File reads: call them off the event loops
 * (the meters do, through {@code executeBlocking}).
 */
final class ProcStat {

  private final long clockTicks;

  private ProcStat(long clockTicks) {
    this.clockTicks = clockTicks;
  }

  /** Asks {@code getconf CLK_TCK} once (the usual 100 Hz if it cannot tell). Blocking: call it at start. */
  static ProcStat create() {
    long ticks = 100;
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        ticks = Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // keep 100
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ProcStat(ticks);
  }

  static boolean exists(long pid) {
    return Files.exists(Path.of("/proc", String.valueOf(pid), "stat"));
  }

  static long self() {
    return ProcessHandle.current().pid();
  }

  /** utime + stime of the whole process (all threads) in µs, or -1 when it is gone. */
  long cpuMicros(long pid) {
    try {
      return cpuMicros(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII),
          clockTicks);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** From the text of {@code /proc/<pid>/stat}: fields 14 and 15, counted after the command's closing parenthesis. */
  static long cpuMicros(String stat, long clockTicks) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    return ticks * 1_000_000 / clockTicks;
  }

  /** VmRSS in KiB, or -1 when the process is gone. */
  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
