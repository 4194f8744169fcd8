package dev.switchboard.processes.errors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One error found in a process's output: {@code category} one of compilation, runtime, test, server;
 * {@code language} one of javascript, typescript, python, go, java, unknown; file, line and column when the
 * output names them; an excerpt of at most {@link #MAX_EXCERPT} lines.
 */
public record Detection(String category, String language, String message, String file, Integer line, Integer column,
                        List<String> excerpt) {

  public static final int MAX_EXCERPT = 20;

  public Detection {
    excerpt = List.copyOf(excerpt.size() > MAX_EXCERPT ? excerpt.subList(0, MAX_EXCERPT) : excerpt);
  }

  /** The data of an {@code error.detected} event. */
  public JsonObject toJson(String processId) {
    JsonObject json = new JsonObject().put("processId", processId).put("category", category)
        .put("language", language).put("message", message);
    if (file != null) {
      json.put("file", file);
    }
    if (line != null) {
      json.put("line", line);
    }
    if (column != null) {
      json.put("column", column);
    }
    return json.put("excerpt", new JsonArray(excerpt));
  }
}
