package dev.switchboard.shared.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of one verified token (or of an anonymous socket), immutable, shaped for the
 * permission matcher.
 *
 * <p>Built once per connection by {@link #of(JsonObject)}; every type is checked here, once, so that
 * the matcher never meets a surprise (DESIGN.md: {@code JsonObject.getString} on a number returns its
 * text — this class never calls it on claims):
 * <ul>
 *   <li>{@link #subject()}: {@code sub} when it is a string, else {@code null};</li>
 *   <li>{@link #permissions()}: the strings of the {@code permissions} array; non-strings are ignored,
 *       and a {@code permissions} claim that is not an array gives no permission at all;</li>
 *   <li>{@link #expiresAt()}: {@code exp} (seconds since the epoch) when it is a number;</li>
 *   <li>{@link #stringClaim(String)}: a top-level claim usable by a {@code {claim}} placeholder — a
 *       JSON string of 1–128 characters of {@code [A-Za-z0-9_.-]}; anything else (number, object,
 *       array, {@code null}, an empty or longer string, or one holding any other character) is not
 *       usable and the placeholder does not match;</li>
 *   <li>{@link #arrayClaim(String)}: the usable strings (same rule) of a top-level array claim, for a
 *       {@code {claim[]}} placeholder; other elements are ignored; a claim that is not an array has
 *       none.</li>
 * </ul>
 */
public final class Claims {

  /** Longest claim value a placeholder can match (the longest room id). */
  public static final int MAX_VALUE_LENGTH = 128;

  private static final String[] NONE = new String[0];
  private static final Claims ANONYMOUS = new Claims(new JsonObject());

  private final JsonObject json;
  private final String subject;
  private final Set<String> permissions;
  private final Instant expiresAt;
  private final Map<String, String> strings;
  private final Map<String, String[]> arrays;

  private Claims(JsonObject json) {
    this.json = json;
    this.subject = json.getValue("sub") instanceof String s ? s : null;
    this.permissions = json.getValue("permissions") instanceof JsonArray array ? stringsOf(array) : Set.of();
    this.expiresAt = json.getValue("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    Map<String, String> strings = new HashMap<>();
    Map<String, String[]> arrays = new HashMap<>();
    for (Map.Entry<String, Object> claim : json) {
      Object value = claim.getValue();
      if (value instanceof String s && isPlaceholderValue(s)) {
        strings.put(claim.getKey(), s);
      } else if (value instanceof JsonArray array) {
        List<String> usable = new ArrayList<>(array.size());
        for (Object item : array) {
          if (item instanceof String s && isPlaceholderValue(s) && !usable.contains(s)) {
            usable.add(s);
          }
        }
        arrays.put(claim.getKey(), usable.toArray(NONE));
      }
    }
    this.strings = Map.copyOf(strings);
    this.arrays = Map.copyOf(arrays);
  }

  /** The claims of a token payload; the object is copied, later changes to it are not seen. */
  public static Claims of(JsonObject claims) {
    return new Claims(claims.copy());
  }

  /** No subject, no permission, no claim: what an anonymous socket holds. */
  public static Claims anonymous() {
    return ANONYMOUS;
  }

  /** {@code sub} when it is a string, else {@code null} (anonymous, or a token without one). */
  public String subject() {
    return subject;
  }

  /** The string elements of the {@code permissions} array claim; empty when it is absent or not an array. */
  public Set<String> permissions() {
    return permissions;
  }

  public boolean hasPermission(String authority) {
    return permissions.contains(authority);
  }

  /** When the token stops being valid ({@code exp}), if it says. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** A copy of every claim as the token carried it. */
  public JsonObject json() {
    return json.copy();
  }

  /** The value a {@code {name}} placeholder matches, or {@code null} when there is no usable string claim. */
  public String stringClaim(String name) {
    return strings.get(name);
  }

  /** The values a {@code {name[]}} placeholder matches (a copy); empty when none is usable. */
  public List<String> arrayClaim(String name) {
    return List.of(arrayValues(name));
  }

  /** The matcher's view of {@link #arrayClaim(String)}: the shared array, never to be modified. */
  String[] arrayValues(String name) {
    return arrays.getOrDefault(name, NONE);
  }

  /** True when {@code value} may be matched by a placeholder: 1–128 of {@code [A-Za-z0-9_.-]}. */
  public static boolean isPlaceholderValue(String value) {
    int length = value.length();
    if (length == 0 || length > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!AddressPattern.isWord(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> stringsOf(JsonArray array) {
    Set<String> result = new HashSet<>();
    for (Object item : array) {
      if (item instanceof String s) {
        result.add(s);
      }
    }
    return Set.copyOf(result);
  }

  @Override
  public String toString() {
    return "Claims[sub=" + subject + ", permissions=" + permissions + ", exp=" + expiresAt + "]";
  }
}
