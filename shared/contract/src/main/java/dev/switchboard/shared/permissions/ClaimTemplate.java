package dev.switchboard.shared.permissions;

import java.util.List;

/**
 * A text with claim placeholders, filled from a token's claims: {@code user:{sub}}, {@code project:{projects[]}}. The
 * placeholders are those of the permission rules, read by the same parser ({@link PermissionRules}): {@code {claim}}
 * takes the value of a string claim, {@code {claim[]}} each value of an array claim, and only values a rule's
 * placeholder could match (1–128 of {@code [A-Za-z0-9_.-]}); a {@code *} has no value to take and is refused.
 * Used by {@code bridge.autoSubscribe}.
 */
public final class ClaimTemplate {

  private final AddressPattern pattern;

  private ClaimTemplate(AddressPattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Parses {@code source}.
   *
   * @throws IllegalArgumentException saying what was expected, for a text the permission rules would refuse or one
   *                                  holding a {@code *}
   */
  public static ClaimTemplate of(String source) {
    AddressPattern pattern;
    try {
      pattern = AddressPattern.compile(source);
    } catch (AddressPattern.InvalidPattern e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    if (pattern.hasWildcard()) {
      throw new IllegalArgumentException("placeholders {claim} or {claim[]} only: a * cannot be filled from a token");
    }
    return new ClaimTemplate(pattern);
  }

  /** Every text this template names under {@code claims}, at most {@code max}; none when a placeholder has no value. */
  public List<String> fill(Claims claims, int max) {
    return List.copyOf(pattern.fill(claims, max));
  }

  /** The text with every placeholder replaced by {@code value}: to check at start what shape the filled texts have. */
  public String sample(String value) {
    return pattern.sample(value);
  }

  @Override
  public String toString() {
    return pattern.toString();
  }
}
