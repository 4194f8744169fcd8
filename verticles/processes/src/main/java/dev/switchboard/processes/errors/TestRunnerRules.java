package dev.switchboard.processes.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JavaScript and TypeScript test runners: a failed Jest, Vitest or Mocha test (category test). */
final class TestRunnerRules {

  /** A stack frame: {@code at fn (file:line:col)} or {@code at file:line:col}. */
  private static final Pattern FRAME = Pattern.compile("^\\s+at (?:.*? \\()?(.+?):(\\d+):(\\d+)\\)?$");
  private static final Pattern ERROR = Pattern.compile(
      "^\\s*(?:[A-Z][\\w$]*)?(?:Error|Exception)(?: \\[[A-Z_0-9]+\\])?: .+$");

  private TestRunnerRules() {
  }

  /** The first frame outside node's internals and node_modules: {file, line, column}, or null. */
  private static String[] sourceFrame(Block block) {
    for (String text : block.lines) {
      Matcher frame = FRAME.matcher(text);
      if (frame.matches() && !frame.group(1).startsWith("node:") && !frame.group(1).contains("node_modules")) {
        return new String[] {frame.group(1), frame.group(2), frame.group(3)};
      }
    }
    return null;
  }

  private static Detection detection(String message, String[] where, Block block) {
    String file = where == null ? null : where[0];
    String language = file != null && file.matches(".*\\.(ts|mts|cts|tsx)$") ? Categories.TYPESCRIPT : Categories.JAVASCRIPT;
    return new Detection(Categories.TEST, language, message, file, where == null ? null : Categories.number(where[1]),
        where == null ? null : Categories.number(where[2]), block.excerpt());
  }

  /**
   * Jest: {@code ● suite › test name}, then the indented assertion (expected, received, the code with a marker) and its
   * frames; it ends at the next {@code ●}, at the summary ({@code Test Suites:}) or at a line that is not indented.
   */
  static final class JestFailure implements BlockRule {
    private static final Pattern START = Pattern.compile("^\\s*● (.+)$");

    @Override
    public boolean starts(String line) {
      return line.indexOf('●') >= 0 && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (starts(line) || line.startsWith("Test Suites:") || block.lines.size() >= 80) {
        return Next.CLOSE;
      }
      return line.isEmpty() || Character.isWhitespace(line.charAt(0)) ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      String assertion = block.lines.stream().skip(1).map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(null);
      if (assertion == null) {
        return null;
      }
      return detection(start.group(1).trim() + ": " + assertion, sourceFrame(block), block);
    }
  }

  /**
   * Vitest: {@code FAIL  file > suite > test name}, the error ({@code AssertionError: …}), a diff, then
   * {@code ❯ file:line:col} and the code; it ends at the {@code ⎯⎯⎯} separator or the summary.
   */
  static final class VitestFailure implements BlockRule {
    private static final Pattern START = Pattern.compile("^\\s*FAIL\\s+(\\S.*?) > (.+)$");
    private static final Pattern WHERE = Pattern.compile("^\\s*❯ (.+?):(\\d+):(\\d+)$");

    @Override
    public boolean starts(String line) {
      return line.contains("FAIL") && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (line.startsWith("⎯") || line.contains("Test Files") || starts(line) || block.lines.size() >= 80) {
        return Next.CLOSE;
      }
      return Next.TAKE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      String error = block.lines.stream().skip(1).map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(null);
      if (error == null) {
        return null;
      }
      String[] where = null;
      for (String text : block.lines) {
        Matcher m = WHERE.matcher(text);
        if (m.matches()) {
          where = new String[] {m.group(1), m.group(2), m.group(3)};
          break;
        }
      }
      return detection(start.group(2).trim() + ": " + error, where != null ? where : sourceFrame(block), block);
    }
  }

  /**
   * Mocha: {@code 1) suite} and the indented rest of the title ending with a colon, then the error, perhaps a diff,
   * and its frames. The list of failing tests at the top ({@code 1) test name} with nothing after) is no block: it
   * has no error line.
   */
  static final class MochaFailure implements BlockRule {
    private static final Pattern START = Pattern.compile("^\\s*(\\d+)\\) (\\S.*)$");
    private static final int IN_TITLE = 0;
    private static final int IN_ERROR = 1;

    @Override
    public boolean starts(String line) {
      return line.indexOf(')') > 0 && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (START.matcher(line).matches() || block.lines.size() >= 60) {
        return Next.CLOSE;
      }
      if (block.phase == IN_TITLE) {
        if (ERROR.matcher(line).matches()) {
          block.phase = IN_ERROR;
          return Next.TAKE;
        }
        return line.isEmpty() || Character.isWhitespace(line.charAt(0)) ? Next.TAKE : Next.CLOSE;
      }
      if (FRAME.matcher(line).matches()) {
        block.frames++;
        return Next.TAKE;
      }
      return block.frames == 0 || line.isBlank() ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      if (block.phase != IN_ERROR) {
        return null;
      }
      Matcher start = START.matcher(block.first());
      start.matches();
      StringBuilder title = new StringBuilder(start.group(2).trim());
      String error = null;
      boolean titleDone = false;
      for (String text : block.lines.subList(1, block.lines.size())) {
        if (ERROR.matcher(text).matches()) {
          error = text.trim();
          break;
        }
        if (text.isBlank()) {
          titleDone = true;
        } else if (!titleDone) {
          title.append(' ').append(text.trim());
        }
      }
      String name = title.toString().endsWith(":") ? title.substring(0, title.length() - 1) : title.toString();
      return detection(name + ": " + error, sourceFrame(block), block);
    }
  }
}
