package dev.switchboard.shared.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of one verified token (or of an anonymous socket), immutable, shaped for the
 * permission matcher.
 *
 * <p>Built once per connection by {@link #of(JsonObject)}; every type is checked here, once, so that
 * the matcher never meets a surprise (Vert.x: {@code JsonObject.getString} on a number returns its
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

  private final String subject;
  private final Set<String> permissions;
  private final Instant expiresAt;
  private final Map<String, String> strings;
  private final Map<String, ValueSet> arrays;

  private Claims(JsonObject json) {
    this.subject = json.getValue("sub") instanceof String s ? s : null;
    this.permissions = json.getValue("permissions") instanceof JsonArray array ? stringsOf(array) : Set.of();
    this.expiresAt = json.getValue("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    Map<String, String> strings = new HashMap<>();
    Map<String, ValueSet> arrays = new HashMap<>();
    for (Map.Entry<String, Object> claim : json) {
      Object value = claim.getValue();
      if (value instanceof String s && isPlaceholderValue(s)) {
        strings.put(claim.getKey(), s);
      } else if (value instanceof JsonArray array) {
        Set<String> usable = new LinkedHashSet<>();
        for (Object item : array) {
          if (item instanceof String s && isPlaceholderValue(s)) {
            usable.add(s);
          }
        }
        arrays.put(claim.getKey(), new ValueSet(usable.toArray(NONE)));
      }
    }
    this.strings = Map.copyOf(strings);
    this.arrays = Map.copyOf(arrays);
  }

  /**
   * The claims of a token payload: what rules and the bridge use is read out of it now (a socket holds this for its
   * life, so not the payload itself); later changes to the object are not seen.
   */
  public static Claims of(JsonObject claims) {
    return new Claims(claims);
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

  /** The value a {@code {name}} placeholder matches, or {@code null} when there is no usable string claim. */
  public String stringClaim(String name) {
    return strings.get(name);
  }

  /** The values a {@code {name[]}} placeholder matches (a copy); empty when none is usable. */
  public List<String> arrayClaim(String name) {
    ValueSet values = arrays.get(name);
    return values == null ? List.of() : List.of(values.values);
  }

  /** True when {@code address[from, to)} is one of the usable values of array claim {@code name}; allocates nothing. */
  boolean arrayClaimContains(String name, String address, int from, int to) {
    ValueSet values = arrays.get(name);
    return values != null && values.contains(address, from, to);
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

  /**
   * The values of one array claim in an open-addressing table keyed by {@link String#hashCode()}, so
   * that a region of an address is looked up in O(its length) without making a substring.
   */
  private static final class ValueSet {

    private final String[] values;
    /** Index + 1 into {@code values}, 0 for an empty slot; a power-of-two size at least twice the values. */
    private final int[] slots;

    ValueSet(String[] values) {
      this.values = values;
      this.slots = new int[Math.max(2, Integer.highestOneBit(Math.max(1, values.length) * 2) << 1)];
      for (int i = 0; i < values.length; i++) {
        int slot = mix(values[i].hashCode()) & (slots.length - 1);
        while (slots[slot] != 0) {
          slot = (slot + 1) & (slots.length - 1);
        }
        slots[slot] = i + 1;
      }
    }

    boolean contains(String text, int from, int to) {
      if (values.length == 0) {
        return false;
      }
      int length = to - from;
      if (length > MAX_VALUE_LENGTH) {
        return false;
      }
      int hash = 0;
      for (int i = from; i < to; i++) {
        hash = 31 * hash + text.charAt(i);
      }
      int slot = mix(hash) & (slots.length - 1);
      for (int entry = slots[slot]; entry != 0; entry = slots[slot]) {
        String candidate = values[entry - 1];
        if (candidate.length() == length && candidate.hashCode() == hash && text.regionMatches(from, candidate, 0, length)) {
          return true;
        }
        slot = (slot + 1) & (slots.length - 1);
      }
      return false;
    }

    private static int mix(int hash) {
      return hash ^ (hash >>> 16);
    }
  }

  @Override
  public String toString() {
    return "Claims[sub=" + subject + ", permissions=" + permissions + ", exp=" + expiresAt + "]";
  }
}
