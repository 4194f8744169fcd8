package dev.switchboard.processes.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python: tracebacks (runtime), syntax errors reported without a traceback (compilation), pytest failures (test). */
final class PythonRules {

  private static final Pattern FRAME = Pattern.compile("^\\s*File \"(.+)\", line (\\d+)(?:, in .*)?$");
  private static final Pattern CHAIN = Pattern.compile(
      "^(During handling of the above exception|The above exception was the direct cause|Traceback \\(most recent call last\\):).*");
  private static final Pattern SYNTAX = Pattern.compile("^\\w*(SyntaxError|IndentationError|TabError)\\b.*");

  private PythonRules() {
  }

  /** The frame to point at: the last one outside the standard library and installed packages, else the last one. */
  private static Matcher pickFrame(Block block) {
    Matcher chosen = null;
    Matcher fallback = null;
    for (String line : block.lines) {
      Matcher frame = FRAME.matcher(line);
      if (frame.matches()) {
        fallback = frame;
        String file = frame.group(1);
        if (!file.contains("/lib/python") && !file.contains("site-packages") && !file.startsWith("<")) {
          chosen = frame;
        }
      }
    }
    return chosen != null ? chosen : fallback;
  }

  private static Detection detection(Block block, String category, String message) {
    Matcher frame = pickFrame(block);
    String finalCategory = SYNTAX.matcher(message).matches() ? Categories.COMPILATION : category;
    return new Detection(Categories.orServer(finalCategory, message), Categories.PYTHON, message,
        frame == null ? null : frame.group(1), frame == null ? null : Categories.number(frame.group(2)), null,
        block.excerpt());
  }

  /** {@code Traceback (most recent call last):} … {@code SomeError: message}, chained tracebacks included. */
  static final class Traceback implements BlockRule {
    private static final int FRAMES = 0;
    private static final int EXCEPTION_SEEN = 1;

    @Override
    public boolean starts(String line) {
      return line.startsWith("Traceback (most recent call last):");
    }

    @Override
    public Next next(Block block, String line) {
      boolean chain = CHAIN.matcher(line).matches();
      if (block.phase == FRAMES) {
        if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !chain) {
          block.phase = EXCEPTION_SEEN;
        }
        return Next.TAKE;
      }
      // after the exception line only a chained traceback continues the block
      if (line.isBlank() || chain) {
        if (line.startsWith("Traceback")) {
          block.phase = FRAMES;
        }
        return Next.TAKE;
      }
      return Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      String message = null;
      for (String line : block.lines) {
        if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !CHAIN.matcher(line).matches()) {
          message = line.trim();
        }
      }
      return message == null ? null : detection(block, Categories.RUNTIME, message);
    }
  }

  /** A syntax error in the script itself: {@code File "x.py", line 1}, the code, a caret, {@code SyntaxError: …}. */
  static final class SyntaxErrorWithoutTraceback implements BlockRule {
    private static final Pattern START = Pattern.compile("^  File \"(.+)\", line (\\d+)$");

    @Override
    public boolean starts(String line) {
      return line.startsWith("  File \"") && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (SYNTAX.matcher(line).matches()) {
        block.phase = 1;
        return Next.TAKE_AND_CLOSE;
      }
      return line.startsWith(" ") && block.lines.size() < 6 ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      return block.phase == 1 ? detection(block, Categories.COMPILATION, block.last().trim()) : null;
    }
  }

  /** One test of pytest's FAILURES (or ERRORS) section: {@code ____ test_name ____} up to the next test or summary. */
  static final class PytestFailure implements BlockRule {
    private static final Pattern HEADER = Pattern.compile("^_{3,} (.+?) _{3,}$");
    private static final Pattern LOCATION = Pattern.compile("^(\\S+\\.py):(\\d+): (\\w+)$");
    private static final Pattern ASSERTION = Pattern.compile("^E\\s+(.*)$");

    @Override
    public boolean starts(String line) {
      return line.startsWith("___") && HEADER.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      return HEADER.matcher(line).matches() || line.startsWith("===") ? Next.CLOSE : Next.TAKE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher header = HEADER.matcher(block.first());
      if (!header.matches()) {
        return null;
      }
      String detail = null;
      Matcher location = null;
      for (String line : block.lines) {
        Matcher assertion = ASSERTION.matcher(line);
        if (detail == null && assertion.matches()) {
          detail = assertion.group(1).trim();
        }
        Matcher at = LOCATION.matcher(line);
        if (at.matches()) {
          location = at;
        }
      }
      if (detail == null && location == null) {
        return null;
      }
      String message = header.group(1) + ": " + (detail != null ? detail : location.group(3));
      return new Detection(Categories.TEST, Categories.PYTHON, message, location == null ? null : location.group(1),
          location == null ? null : Categories.number(location.group(2)), null, block.excerpt());
    }
  }
}
