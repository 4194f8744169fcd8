package dev.switchboard.processes.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JavaScript and TypeScript: Node.js errors with stacks (runtime, server when listening failed), tsc (compilation). */
final class JavaScriptRules {

  private JavaScriptRules() {
  }

  /**
   * Node.js: an optional source header ({@code /app/x.js:2}, the code, a caret), then {@code TypeError: message}
   * and its {@code at ...} frames, then perhaps {@code Emitted 'error' event ...} and the error's properties.
   */
  static final class NodeError implements BlockRule {
    private static final Pattern HEADER = Pattern.compile(
        "^((?:/|\\./|\\.\\./|file://|node:)\\S*|\\S+\\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)):(\\d+)$");
    private static final Pattern ERROR = Pattern.compile(
        "^(?:Uncaught )?(?:[A-Z][\\w$]*)?(?:Error|Exception|Rejection)(?: \\[[A-Z_0-9]+\\])?: .+$");
    private static final Pattern FRAME = Pattern.compile("^\\s+at (?:.*? \\()?(.+?):(\\d+):(\\d+)\\)?$");
    private static final Pattern TAIL = Pattern.compile("^(Emitted 'error' event .*|\\s+\\S.*|[{}\\]].*|\\s*\\[cause\\].*)$");
    private static final String TS_NODE_COMPILE = "TSError: ⨯ Unable to compile TypeScript";
    private static final int IN_HEADER = 0;
    private static final int IN_ERROR = 1;

    @Override
    public boolean starts(String line) {
      int last = line.length() - 1;
      return last > 1 && Character.isDigit(line.charAt(last)) && line.indexOf(' ') < 0 && HEADER.matcher(line).matches()
          || line.contains(": ") && (line.contains("Error") || line.contains("Exception") || line.contains("Rejection"))
          && ERROR.matcher(line).matches();
    }

    @Override
    public Next next(Block block, String line) {
      if (block.lines.size() == 1 && ERROR.matcher(block.first()).matches()) {
        block.phase = IN_ERROR;
      }
      if (block.phase == IN_HEADER) {
        if (ERROR.matcher(line).matches()) {
          block.phase = IN_ERROR;
          return Next.TAKE;
        }
        return block.lines.size() < 6 ? Next.TAKE : Next.CLOSE;
      }
      if (FRAME.matcher(line).matches()) {
        block.frames++;
        return Next.TAKE;
      }
      return block.frames > 0 && TAIL.matcher(line).matches() ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      String message = block.lines.stream().filter(l -> ERROR.matcher(l).matches()).findFirst().orElse(null);
      boolean hasHeader = HEADER.matcher(block.first()).matches();
      if (message == null || block.frames == 0 && !hasHeader || message.startsWith(TS_NODE_COMPILE)) {
        // ts-node's own TSError: the tsc diagnostics that follow it are reported by TscDiagnostic
        return null;
      }
      String file = null;
      Integer line = null;
      Integer column = null;
      for (String text : block.lines) {
        Matcher frame = FRAME.matcher(text);
        if (frame.matches() && !frame.group(1).startsWith("node:") && !frame.group(1).contains("node_modules")) {
          file = frame.group(1);
          line = Categories.number(frame.group(2));
          column = Categories.number(frame.group(3));
          break;
        }
      }
      Matcher header = HEADER.matcher(block.first());
      if (file == null && header.matches() && !header.group(1).startsWith("node:")) {
        file = header.group(1);
        line = Categories.number(header.group(2));
      }
      if (file != null && file.startsWith("file://")) {
        file = file.substring("file://".length());
      }
      String language = file != null && file.matches(".*\\.(ts|mts|cts|tsx)$") ? Categories.TYPESCRIPT : Categories.JAVASCRIPT;
      return new Detection(Categories.orServer(Categories.RUNTIME, message), language, message.trim(), file, line,
          column, block.excerpt());
    }
  }

  /**
   * tsc: {@code src/app.ts(7,9): error TS2322: message} (plain) or {@code src/app.ts:7:9 - error TS2322: message}
   * (pretty, followed by the code and a marker).
   */
  static final class TscDiagnostic implements BlockRule {
    private static final Pattern PLAIN = Pattern.compile("^(.+\\.(?:ts|tsx|mts|cts|js|jsx))\\((\\d+),(\\d+)\\): error (TS\\d+): (.*)$");
    private static final Pattern PRETTY = Pattern.compile("^(.+\\.(?:ts|tsx|mts|cts|js|jsx)):(\\d+):(\\d+) - error (TS\\d+): (.*)$");
    private static final Pattern SUMMARY = Pattern.compile("^Found \\d+ errors?.*");

    @Override
    public boolean starts(String line) {
      return line.contains("error TS") && (PLAIN.matcher(line).matches() || PRETTY.matcher(line).matches());
    }

    @Override
    public Next next(Block block, String line) {
      if (starts(line) || SUMMARY.matcher(line).matches() || block.lines.size() >= 10) {
        return Next.CLOSE;
      }
      return line.isEmpty() || Character.isWhitespace(line.charAt(0)) || Character.isDigit(line.charAt(0))
          ? Next.TAKE : Next.CLOSE;
    }

    @Override
    public Detection detect(Block block) {
      Matcher m = PLAIN.matcher(block.first());
      if (!m.matches()) {
        m = PRETTY.matcher(block.first());
        m.matches();
      }
      return new Detection(Categories.COMPILATION, Categories.TYPESCRIPT, m.group(4) + ": " + m.group(5), m.group(1),
          Categories.number(m.group(2)), Categories.number(m.group(3)), block.excerpt());
    }
  }
}
