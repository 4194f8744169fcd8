package dev.switchboard.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What {@code /proc} says about the machine's processes. */
final class OsProcesses {

  /** pid, state letter, parent pid, process group, session. */
  record Stat(long pid, char state, long ppid, long pgid, long sid) {
  }

  private OsProcesses() {
  }

  static List<Stat> all() {
    List<Stat> result = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          // the command name may hold spaces and parentheses: fields follow the last ')'
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
          result.add(new Stat(Long.parseLong(dir.getFileName().toString()), fields[0].charAt(0),
              Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])));
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      });
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return result;
  }

  /** Live (non-zombie) members of the process group. */
  static List<Stat> inGroup(long pgid) {
    return all().stream().filter(s -> s.pgid() == pgid && s.state() != 'Z').toList();
  }

  /** Zombies whose parent is {@code parent}. */
  static List<Stat> zombiesOf(long parent) {
    return all().stream().filter(s -> s.ppid() == parent && s.state() == 'Z').toList();
  }

  static long openFileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
