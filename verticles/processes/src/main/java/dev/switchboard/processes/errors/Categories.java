package dev.switchboard.processes.errors;

import java.util.regex.Pattern;

/** The words of {@code error.detected} and what turns any error into a server failure. */
final class Categories {

  static final String COMPILATION = "compilation";
  static final String RUNTIME = "runtime";
  static final String TEST = "test";
  static final String SERVER = "server";

  static final String JAVASCRIPT = "javascript";
  static final String TYPESCRIPT = "typescript";
  static final String PYTHON = "python";
  static final String GO = "go";
  static final String JAVA = "java";
  static final String UNKNOWN = "unknown";

  /** A server that cannot listen: the port is taken (or not allowed). */
  static final Pattern SERVER_FAILURE = Pattern.compile(
      "(?i)EADDRINUSE|address already in use|EACCES.*listen|listen.*EACCES|Only one usage of each socket address");

  private Categories() {
  }

  /** {@code category}, unless the message says a server could not listen. */
  static String orServer(String category, String message) {
    return message != null && SERVER_FAILURE.matcher(message).find() ? SERVER : category;
  }

  static Integer number(String text) {
    try {
      return text == null ? null : Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
