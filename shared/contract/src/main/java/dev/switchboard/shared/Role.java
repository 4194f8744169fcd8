package dev.switchboard.shared;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The roles a node can take, in deployment order: services first, the public edge last, so that a
 * bridge never opens its port before the services it fronts are up. Undeployment runs backwards.
 */
public enum Role {
  HISTORY("history"),
  BROADCASTER("broadcaster"),
  PROCESSES("processes"),
  BRIDGE("bridge");

  private final String word;

  Role(String word) {
    this.word = word;
  }

  /** The role as written in config, flags and the member directory. */
  public String word() {
    return word;
  }

  /** The role with that word, or {@code null}. */
  public static Role fromWord(String word) {
    for (Role role : values()) {
      if (role.word.equals(word)) {
        return role;
      }
    }
    return null;
  }

  public static String allWords() {
    return Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", "));
  }
}
