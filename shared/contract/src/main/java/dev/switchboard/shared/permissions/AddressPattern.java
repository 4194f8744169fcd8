package dev.switchboard.shared.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One compiled {@code address} pattern of a permission rule; the semantics are written down in
 * {@link PermissionRules}.
 *
 * <p>Shape: {@code L0 V1 L1 V2 … Vk Lk} — literal texts {@code Li} (the first and last may be
 * empty) around {@code k} variable parts {@code Vi} ({@code *}, {@code {claim}}, {@code {claim[]}}).
 * Every variable part matches only characters of {@code [A-Za-z0-9_.-]} ("word" characters), and
 * every inner literal {@code Li} (0 &lt; i &lt; k) holds at least one other character, so where each
 * variable part ends is decided by the address alone: the first non-word character at or after its
 * start is the first non-word character of the literal that follows it. Matching is therefore one
 * forward pass over the address with no backtracking and no allocation.
 */
final class AddressPattern {

  private static final boolean[] WORD = new boolean[128];
  private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      WORD[c] = true;
      WORD[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      WORD[c] = true;
    }
    WORD['_'] = true;
    WORD['.'] = true;
    WORD['-'] = true;
  }

  private static final byte STAR = 0;
  private static final byte CLAIM = 1;
  private static final byte CLAIM_ARRAY = 2;

  private final String source;
  private final String prefix;
  private final String suffix;
  /** Kind of each variable part. */
  private final byte[] kinds;
  /** Claim name of each variable part ({@code null} for {@code *}). */
  private final String[] names;
  /** The literal after variable part i, for i &lt; k - 1. */
  private final String[] inner;
  /** Index of the first non-word character in {@code inner[i]}. */
  private final int[] innerStop;
  private final int minLength;

  private AddressPattern(String source, String prefix, String suffix, byte[] kinds, String[] names, String[] inner,
                         int[] innerStop) {
    this.source = source;
    this.prefix = prefix;
    this.suffix = suffix;
    this.kinds = kinds;
    this.names = names;
    this.inner = inner;
    this.innerStop = innerStop;
    int length = prefix.length() + suffix.length() + kinds.length;
    for (String literal : inner) {
      length += literal.length();
    }
    this.minLength = length;
  }

  static boolean isWord(char c) {
    return c < 128 && WORD[c];
  }

  /**
   * Compiles {@code source}, or throws {@link InvalidPattern} with what was expected.
   */
  static AddressPattern compile(String source) {
    if (source == null || source.isEmpty()) {
      throw new InvalidPattern("a non-empty address pattern");
    }
    List<String> literals = new ArrayList<>();
    List<Byte> kinds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '*') {
        literals.add(literal.toString());
        literal.setLength(0);
        kinds.add(STAR);
        names.add(null);
      } else if (c == '{') {
        int close = source.indexOf('}', i + 1);
        int nextOpen = source.indexOf('{', i + 1);
        if (close < 0 || nextOpen >= 0 && nextOpen < close) {
          throw new InvalidPattern("an address pattern whose every '{' is closed by '}' (unbalanced '{' at "
              + i + ")");
        }
        String body = source.substring(i + 1, close);
        boolean array = body.endsWith("[]");
        String name = array ? body.substring(0, body.length() - 2) : body;
        if (!CLAIM_NAME.matcher(name).matches()) {
          throw new InvalidPattern("placeholders of the form {claim} or {claim[]} with a claim name of 1-64 of "
              + "[A-Za-z0-9_-] (unknown placeholder {" + body + "})");
        }
        literals.add(literal.toString());
        literal.setLength(0);
        kinds.add(array ? CLAIM_ARRAY : CLAIM);
        names.add(name);
        i = close;
      } else if (c == '}') {
        throw new InvalidPattern("an address pattern whose every '}' closes a '{' (unbalanced '}' at " + i + ")");
      } else if (Character.isISOControl(c)) {
        throw new InvalidPattern("an address pattern without control characters");
      } else {
        literal.append(c);
      }
    }
    literals.add(literal.toString());

    int k = kinds.size();
    if (k == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
      throw new InvalidPattern("an address pattern with literal text; a lone '" + source
          + "' would match every address");
    }
    String[] inner = new String[Math.max(0, k - 1)];
    int[] innerStop = new int[inner.length];
    for (int i = 0; i < inner.length; i++) {
      inner[i] = literals.get(i + 1);
      innerStop[i] = firstNonWord(inner[i]);
      if (innerStop[i] < 0) {
        throw new InvalidPattern("a character outside [A-Za-z0-9_.-], such as ':', between two wildcards or "
            + "placeholders (\"" + inner[i] + "\" between parts " + (i + 1) + " and " + (i + 2)
            + " is ambiguous)");
      }
    }
    byte[] kindArray = new byte[k];
    for (int i = 0; i < k; i++) {
      kindArray[i] = kinds.get(i);
    }
    return new AddressPattern(source, literals.get(0), k == 0 ? "" : literals.get(k), kindArray, names.toArray(new String[0]),
        inner, innerStop);
  }

  private static int firstNonWord(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isWord(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** True when the whole of {@code address} matches this pattern under {@code claims}. */
  boolean matches(String address, Claims claims) {
    return match(address, claims);
  }

  /** True when some token's claims could make this pattern match {@code address} (placeholders taken as {@code *}). */
  boolean couldMatch(String address) {
    return match(address, null);
  }

  /** The literal text before the first variable part (the whole pattern when it has none). */
  String prefix() {
    return prefix;
  }

  /** True when the pattern holds a {@code *}, which no claim can fill. */
  boolean hasWildcard() {
    for (byte kind : kinds) {
      if (kind == STAR) {
        return true;
      }
    }
    return false;
  }

  /**
   * The texts this pattern names under {@code claims}, at most {@code max}: each {@code {claim}} replaced by that claim's
   * value, each {@code {claim[]}} by each of the array claim's values in their order (every combination when there are
   * several); only values a placeholder could match are used ({@link Claims#isPlaceholderValue}), so a filled text
   * matches this pattern under the same claims. None when a placeholder has no value. Not for patterns with a {@code *}.
   */
  List<String> fill(Claims claims, int max) {
    if (hasWildcard()) {
      throw new IllegalStateException("a pattern with * cannot be filled: " + source);
    }
    List<String> texts = new ArrayList<>();
    texts.add(prefix);
    for (int i = 0; i < kinds.length && !texts.isEmpty(); i++) {
      List<String> values = kinds[i] == CLAIM
          ? (claims.stringClaim(names[i]) == null ? List.of() : List.of(claims.stringClaim(names[i])))
          : claims.arrayClaim(names[i]);
      String after = i < kinds.length - 1 ? inner[i] : suffix;
      List<String> next = new ArrayList<>();
      for (int t = 0; t < texts.size() && next.size() < max; t++) {
        for (int v = 0; v < values.size() && next.size() < max; v++) {
          next.add(texts.get(t) + values.get(v) + after);
        }
      }
      texts = next;
    }
    return texts.size() > max ? texts.subList(0, max) : texts;
  }

  /** The text with every variable part replaced by {@code value}. */
  String sample(String value) {
    StringBuilder text = new StringBuilder(prefix);
    for (int i = 0; i < kinds.length; i++) {
      text.append(value).append(i < kinds.length - 1 ? inner[i] : suffix);
    }
    return text.toString();
  }

  /** {@code claims} null: any claims (every placeholder matches as {@code *} does). */
  private boolean match(String address, Claims claims) {
    int length = address.length();
    if (length < minLength || !address.startsWith(prefix) || !address.endsWith(suffix)) {
      return false;
    }
    int k = kinds.length;
    if (k == 0) {
      return length == prefix.length();
    }
    int end = length - suffix.length();
    int at = prefix.length();
    for (int i = 0; i < k - 1; i++) {
      int stop = at;
      while (stop < end && isWord(address.charAt(stop))) {
        stop++;
      }
      // the part ends where the literal's word characters before its first non-word one begin
      int partEnd = stop - innerStop[i];
      String literal = inner[i];
      if (partEnd <= at || partEnd + literal.length() > end
          || !address.regionMatches(partEnd, literal, 0, literal.length())
          || !partMatches(i, address, at, partEnd, claims)) {
        return false;
      }
      at = partEnd + literal.length();
    }
    return at < end && partMatches(k - 1, address, at, end, claims);
  }

  /** Whether variable part {@code i} matches {@code address[from, to)}, a non-empty range. */
  private boolean partMatches(int i, String address, int from, int to, Claims claims) {
    switch (claims == null ? STAR : kinds[i]) {
      case STAR:
        for (int j = from; j < to; j++) {
          if (!isWord(address.charAt(j))) {
            return false;
          }
        }
        return true;
      case CLAIM:
        String value = claims.stringClaim(names[i]);
        return value != null && value.length() == to - from && address.regionMatches(from, value, 0, to - from);
      default:
        return claims.arrayClaimContains(names[i], address, from, to);
    }
  }

  @Override
  public String toString() {
    return source;
  }

  /** Thrown by {@link #compile(String)}; its message is what was expected. */
  static final class InvalidPattern extends RuntimeException {

    InvalidPattern(String expected) {
      super(expected, null, false, false);
    }
  }
}
