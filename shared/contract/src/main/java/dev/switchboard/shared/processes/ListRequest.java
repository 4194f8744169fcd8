package dev.switchboard.shared.processes;

import java.util.Set;

/** {@code sb.processes.list}: {@code {}} (no fields; the reply lists every process of the cluster). */
public record ListRequest() {

  public static ListRequest fromJson(Object body) {
    RequestFields.of(body, Set.of());
    return new ListRequest();
  }
}
