package dev.switchboard.processes.errors;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go: build errors (compilation), {@code go test} failures (test), panics (runtime). */
final class GoRules {

  private static final Pattern DIAGNOSTIC = Pattern.compile("^(\\S+\\.go):(\\d+):(\\d+): (.+)$");

  private GoRules() {
  }

  /** {@code # example.com/app} (optional), then {@code ./main.go:5:2: undefined: foo}, one detection per error. */
  static final class BuildError implements BlockRule {
    private static final Pattern PACKAGE = Pattern.compile("^# \\S+$");

    @Override
    public boolean starts(String line) {
      return line.startsWith("# ") && PACKAGE.matcher(line).matches()
          || line.contains(".go:") && DIAGNOSTIC.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      boolean headerOnly = block.lines.size() == 1 && PACKAGE.matcher(block.first()).matches();
      if (headerOnly && line.contains(".go:") && DIAGNOSTIC.matcher(line).matches()) {
        return Next.TAKE;
      }
      return line.startsWith("\t") && !headerOnly ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      for (String line : block.lines) {
        Matcher diagnostic = DIAGNOSTIC.matcher(line);
        if (diagnostic.matches()) {
          return new Detection(Categories.COMPILATION, Categories.GO, diagnostic.group(4), diagnostic.group(1),
              Categories.number(diagnostic.group(2)), Categories.number(diagnostic.group(3)), block.excerpt());
        }
      }
      return null;
    }
  }

  /**
   * {@code --- FAIL: TestAdd (0.00s)} with its indented log lines; with {@code -v} the log lines come before it,
   * after {@code === RUN   TestAdd}.
   */
  static final class TestFailure implements BlockRule {
    private static final Pattern START = Pattern.compile("^\\s*--- FAIL: (\\S+) \\(([\\d.]+)s\\)$");
    private static final Pattern LOG = Pattern.compile("^\\s+(\\S+_test\\.go):(\\d+): (.*)$");

    @Override
    public boolean starts(String line) {
      return line.contains("--- FAIL: ") && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      return line.startsWith("    ") && !line.isBlank() ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      String test = start.group(1);
      Matcher log = firstLog(block.lines);
      List<String> excerpt = block.excerpt();
      if (log == null) {
        // go test -v: the test's log lines were printed before its FAIL line
        int run = block.before.lastIndexOf("=== RUN   " + test);
        if (run >= 0) {
          List<String> logged = block.before.subList(run, block.before.size());
          log = firstLog(logged);
          excerpt = new java.util.ArrayList<>(logged);
          excerpt.addAll(block.lines);
        }
      }
      String message = test + (log == null ? " failed" : ": " + log.group(3));
      return new Detection(Categories.TEST, Categories.GO, message, log == null ? null : log.group(1),
          log == null ? null : Categories.number(log.group(2)), null, excerpt);
    }

    private static Matcher firstLog(List<String> lines) {
      for (String line : lines) {
        Matcher log = LOG.matcher(line);
        if (log.matches()) {
          return log;
        }
      }
      return null;
    }
  }

  /** {@code panic: message}, the goroutine dump, up to {@code exit status 2}. */
  static final class Panic implements BlockRule {
    private static final Pattern START = Pattern.compile("^panic: (.+?)( \\[recovered\\])?$");
    private static final Pattern FRAME_FILE = Pattern.compile("^\\t(\\S+\\.go):(\\d+)(?: \\+0x[0-9a-f]+)?$");

    @Override
    public boolean starts(String line) {
      return line.startsWith("panic: ") && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (line.startsWith("exit status ") || line.startsWith("FAIL\t")) {
        return Next.TAKE_AND_CLOSE;
      }
      if (line.isBlank() || line.startsWith("\t") || line.startsWith("goroutine ") || line.startsWith("[signal ")
          || line.startsWith("panic: ") || line.matches("^[\\w./*()\\[\\]-]+\\(.*\\)$") || line.startsWith("created by ")) {
        return Next.TAKE;
      }
      return Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      Matcher chosen = null;
      for (String line : block.lines) {
        Matcher frame = FRAME_FILE.matcher(line);
        if (frame.matches() && !frame.group(1).contains("/src/runtime/") && !frame.group(1).contains("/src/testing/")) {
          chosen = frame;
          break;
        }
      }
      return new Detection(Categories.RUNTIME, Categories.GO, "panic: " + start.group(1),
          chosen == null ? null : chosen.group(1), chosen == null ? null : Categories.number(chosen.group(2)), null,
          block.excerpt());
    }
  }
}
