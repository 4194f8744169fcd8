package dev.switchboard.processes.errors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds errors in one output stream, line by line and multi-line aware: Python tracebacks and syntax errors,
 * pytest failures, Jest, Vitest and Mocha failures, Node.js errors with stacks (tsx, ts-node), tsc diagnostics, Go build errors, {@code go test} failures and
 * panics, javac errors, Java exceptions with stacks, JUnit/Surefire failures, and servers that cannot start
 * (address in use, crashed dev servers). Colour codes are ignored. One instance per stream, used by one thread.
 */
public final class ErrorClassifier {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
  private static final int HISTORY = 50;
  private static final int REMEMBERED = 50;

  /** The rules in the order they are tried on a line that no open block takes. */
  private static final List<BlockRule> RULES = List.of(
      new JavaRules.SurefireFailure(),
      new JavaRules.JavacError(),
      new JavaRules.MavenCompilerError(),
      new JavaRules.JavaException(),
      new PythonRules.Traceback(),
      new PythonRules.SyntaxErrorWithoutTraceback(),
      new PythonRules.PytestFailure(),
      new TestRunnerRules.JestFailure(),
      new TestRunnerRules.VitestFailure(),
      new TestRunnerRules.MochaFailure(),
      new JavaScriptRules.TscDiagnostic(),
      new JavaScriptRules.NodeError(),
      new GoRules.BuildError(),
      new GoRules.TestFailure(),
      new GoRules.Panic(),
      new ServerRules.ServerFailure());

  private final Deque<String> history = new ArrayDeque<>();
  private final Set<String> reported = new LinkedHashSet<>();
  private Block open;

  /** Feeds one line; returns the errors that this line completed (usually none). */
  public List<Detection> accept(String rawLine) {
    String line = rawLine.indexOf('\u001B') >= 0 ? ANSI.matcher(rawLine).replaceAll("") : rawLine;
    List<Detection> found = new ArrayList<>(0);
    if (open != null) {
      BlockRule.Next next = open.lines.size() >= Block.MAX_LINES ? BlockRule.Next.CLOSE : open.rule.next(open, line);
      if (next != BlockRule.Next.CLOSE) {
        open.lines.add(line);
      }
      if (next != BlockRule.Next.TAKE) {
        close(found);
      }
      if (next != BlockRule.Next.CLOSE) {
        remember(line);
        return found;
      }
    }
    for (BlockRule rule : RULES) {
      if (rule.starts(line)) {
        open = new Block(rule, line, List.copyOf(history));
        if (rule.singleLine()) {
          close(found);
        }
        break;
      }
    }
    remember(line);
    return found;
  }

  /** The stream has ended: completes whatever is open. */
  public List<Detection> finish() {
    List<Detection> found = new ArrayList<>(0);
    close(found);
    return found;
  }

  private void close(List<Detection> found) {
    if (open == null) {
      return;
    }
    Detection detection = open.rule.detect(open);
    open = null;
    if (detection != null && firstTime(detection)) {
      found.add(detection);
    }
  }

  /** Build tools repeat their errors in a summary; each error is reported once. */
  private boolean firstTime(Detection detection) {
    String key = detection.category() + '|' + detection.file() + '|' + detection.line() + '|' + detection.message();
    if (!reported.add(key)) {
      return false;
    }
    if (reported.size() > REMEMBERED) {
      reported.remove(reported.iterator().next());
    }
    return true;
  }

  private void remember(String line) {
    history.addLast(line);
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
  }
}
