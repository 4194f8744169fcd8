package dev.switchboard.processes.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Java: javac and Maven compiler errors (compilation), exceptions with stacks (runtime), Surefire failures (test). */
final class JavaRules {

  private static final Pattern FRAME = Pattern.compile("^\\s+at ([\\w$.<>/@-]+)\\.([\\w$<>-]+)\\((.*)\\)$");
  private static final Pattern FRAME_FILE = Pattern.compile("^([\\w$-]+\\.java):(\\d+)$");
  private static final Pattern MORE = Pattern.compile("^\\s+\\.\\.\\. \\d+ (more|common frames omitted)$");
  private static final Pattern CAUSE = Pattern.compile("^\\s*(Caused by|Suppressed): .*");
  private static final Pattern THROWABLE = Pattern.compile(
      "^(?:Caused by: )?((?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable|Failure)[\\w$]*)(?:: (.*))?$");
  private static final Pattern UNCAUGHT = Pattern.compile("^Exception in thread \"[^\"]*\" (.+)$");

  private JavaRules() {
  }

  private static boolean stackLine(String line) {
    return FRAME.matcher(line).matches() || MORE.matcher(line).matches() || CAUSE.matcher(line).matches();
  }

  /** The frame to point at: the first in {@code preferredClass}, else the first outside the JDK and test frameworks. */
  private static Matcher pickFrame(Block block, String preferredClass) {
    Matcher outsideFrameworks = null;
    for (String line : block.lines) {
      Matcher frame = FRAME.matcher(line);
      if (!frame.matches()) {
        continue;
      }
      Matcher file = FRAME_FILE.matcher(frame.group(3));
      if (!file.matches()) {
        continue;
      }
      String owner = frame.group(1);
      if (preferredClass != null && owner.equals(preferredClass)) {
        return file;
      }
      if (outsideFrameworks == null && !owner.contains("/") && !owner.matches(
          "^(java|javax|jdk|sun|com\\.sun|org\\.junit|org\\.opentest4j|org\\.apache\\.maven|org\\.assertj)\\..*")) {
        outsideFrameworks = file;
      }
    }
    return outsideFrameworks;
  }

  /** {@code Exception in thread "main" x.y.Z: message} or a bare {@code x.y.ZException: message}, then its frames. */
  static final class JavaException implements BlockRule {

    @Override
    public boolean starts(String line) {
      // cheap checks first: the classifier sees every line of every process
      return line.startsWith("Exception in thread \"") && UNCAUGHT.matcher(line).matches()
          || (line.contains("Exception") || line.contains("Error") || line.contains("Throwable") || line.contains("Failure"))
          && THROWABLE.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (stackLine(line)) {
        block.frames++;
        return Next.TAKE;
      }
      return Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      if (block.frames == 0) {
        return null;
      }
      Matcher uncaught = UNCAUGHT.matcher(block.first());
      String message = uncaught.matches() ? uncaught.group(1) : block.first().trim();
      Matcher file = pickFrame(block, null);
      return new Detection(Categories.orServer(Categories.RUNTIME, message), Categories.JAVA, message,
          file == null ? null : file.group(1), file == null ? null : Categories.number(file.group(2)), null,
          block.excerpt());
    }
  }

  /** {@code Main.java:6: error: ';' expected}, the code, a caret under the column, perhaps symbol and location. */
  static final class JavacError implements BlockRule {
    private static final Pattern START = Pattern.compile("^(\\S.*\\.java):(\\d+): error: (.+)$");
    private static final Pattern SUMMARY = Pattern.compile("^\\d+ (errors?|warnings?)$");
    private static final Pattern CARET = Pattern.compile("^(\\s*)\\^\\s*$");

    @Override
    public boolean starts(String line) {
      return line.contains(".java:") && line.contains(": error: ") && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (starts(line) || SUMMARY.matcher(line).matches() || line.startsWith("Note: ")
          || block.lines.size() >= 6) {
        return Next.CLOSE;
      }
      return Next.TAKE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      Integer column = null;
      for (String line : block.lines) {
        Matcher caret = CARET.matcher(line);
        if (caret.matches()) {
          column = caret.group(1).length() + 1;
        }
      }
      return new Detection(Categories.COMPILATION, Categories.JAVA, start.group(3), start.group(1),
          Categories.number(start.group(2)), column, block.excerpt());
    }
  }

  /** Maven's compiler plugin: {@code [ERROR] /src/Main.java:[6,29] ';' expected}. */
  static final class MavenCompilerError implements SingleLineRule {
    private static final Pattern START = Pattern.compile("^\\[ERROR\\] (\\S+\\.java):\\[(\\d+),(\\d+)\\] (.+)$");

    @Override
    public boolean starts(String line) {
      return line.startsWith("[ERROR] ") && line.contains(".java:[") && START.matcher(line).matches();
    }


    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      return new Detection(Categories.COMPILATION, Categories.JAVA, start.group(4), start.group(1),
          Categories.number(start.group(2)), Categories.number(start.group(3)), block.excerpt());
    }
  }

  /**
   * A failed test as Surefire reports it: {@code [ERROR] com.x.FooTest.bar -- Time elapsed: 0.01 s <<< FAILURE!}
   * (or the older {@code bar(com.x.FooTest)  Time elapsed: 0.01 sec  <<< FAILURE!}), the exception, its frames.
   */
  static final class SurefireFailure implements BlockRule {
    private static final Pattern START = Pattern.compile(
        "^(?:\\[ERROR\\] )?(?:([\\w$.]+)\\.([\\w$\\[\\]()-]+?) --|([\\w$\\[\\]-]+)\\(([\\w$.]+)\\))\\s+Time elapsed:.*<<< (FAILURE|ERROR)!$");

    @Override
    public boolean starts(String line) {
      return line.endsWith("!") && line.contains("Time elapsed:") && !line.contains("Tests run:")
          && START.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (block.lines.size() == 1 && !line.isBlank()) {
        return Next.TAKE;
      }
      return stackLine(line) ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher start = START.matcher(block.first());
      start.matches();
      String testClass = start.group(1) != null ? start.group(1) : start.group(4);
      String method = start.group(2) != null ? start.group(2) : start.group(3);
      String exception = block.lines.size() > 1 ? block.lines.get(1).trim() : start.group(5);
      Matcher file = pickFrame(block, testClass);
      String simpleClass = testClass.substring(testClass.lastIndexOf('.') + 1);
      return new Detection(Categories.TEST, Categories.JAVA, simpleClass + "." + method + ": " + exception,
          file == null ? null : file.group(1), file == null ? null : Categories.number(file.group(2)), null,
          block.excerpt());
    }
  }
}
