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

  /** CPU time of a whole process (all threads) in µs: user (utime) and system (stime). */
  record Cpu(long userUs, long systemUs) {
    static final Cpu NONE = new Cpu(-1, -1);

    long totalUs() {
      return userUs < 0 ? -1 : userUs + systemUs;
    }
  }

  /** The process's CPU time, or {@link Cpu#NONE} when it is gone. */
  Cpu cpu(long pid) {
    try {
      return cpu(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII), clockTicks);
    } catch (IOException | RuntimeException e) {
      return Cpu.NONE;
    }
  }

  /** From the text of {@code /proc/<pid>/stat}: fields 14 and 15, counted after the command's closing parenthesis. */
  static Cpu cpu(String stat, long clockTicks) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new Cpu(Long.parseLong(rest[11]) * 1_000_000 / clockTicks, Long.parseLong(rest[12]) * 1_000_000 / clockTicks);
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
