package dev.switchboard.node;

import io.micrometer.core.instrument.config.MeterFilter;

import java.util.Set;

/**
 * Label values that come from a request are bounded before a meter is made of them: anyone who reaches the public
 * port chooses the HTTP method of a request, so a method outside the standard ones is counted as {@code OTHER} —
 * never one time series per made-up word. Switchboard's own labels take only values from fixed sets (frame types,
 * refusal words, close reasons, error categories); room, user and path names are never labels.
 */
final class BoundedLabels {

  static final String OTHER = "OTHER";
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
      "TRACE", "CONNECT");

  private BoundedLabels() {
  }

  static MeterFilter httpMethods() {
    return MeterFilter.replaceTagValues("method", method -> METHODS.contains(method) ? method : OTHER);
  }
}
