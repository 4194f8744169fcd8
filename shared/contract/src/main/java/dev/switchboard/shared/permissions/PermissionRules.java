package dev.switchboard.shared.permissions;

import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * One list of the bridge's permission rules ({@code permissions.inbound} or
 * {@code permissions.outbound}), compiled once at start; {@link #allows(String, Claims)} runs on every
 * send, publish and register. Default deny: an address is allowed when at least one rule allows it.
 *
 * <h2>Semantics of a rule</h2>
 * A rule {@code {"address": P, "authority": A}} allows an address under some claims when
 * <ol>
 *   <li>{@code A} is absent, or {@code A} is one of the strings of the token's {@code permissions}
 *       array claim ({@link Claims#permissions()}); and</li>
 *   <li>the <em>whole</em> address matches {@code P} (no prefix or suffix match), where {@code P} is
 *       literal text, compared character by character (case-sensitive, no escapes, no regex), with
 *       these variable parts:
 *     <ul>
 *       <li>{@code *} matches a run of one or more characters of {@code [A-Za-z0-9_.-]} — never an
 *           empty text, never {@code :}, {@code /}, space, newline or any non-ASCII character;</li>
 *       <li>{@code {claim}} matches exactly the text of the token's top-level claim {@code claim} when
 *           that claim is a JSON string of 1–128 characters of {@code [A-Za-z0-9_.-]}; when the claim is
 *           absent, not a string (number, object, array, null) or holds any other character, the
 *           placeholder matches nothing, so a claim value can never reach past a {@code :} or any other
 *           separator of the address;</li>
 *       <li>{@code {claim[]}} matches exactly one of the strings of the top-level array claim
 *           {@code claim} that obey the same rule; other elements are ignored; a claim that is not an
 *           array matches nothing.</li>
 *     </ul>
 *     Claim names are 1–64 of {@code [A-Za-z0-9_-]}. So {@code room.project:{projects[]}} with
 *     {@code "projects": ["42"]} matches {@code room.project:42} and neither
 *     {@code room.project:420} nor {@code room.project:4}.</li>
 * </ol>
 *
 * <h2>Refused at start</h2>
 * {@link #compile(String, List)} throws {@link ConfigException} naming {@code <path>[i].address} (or
 * {@code .authority}) and the value for: an empty address; an unbalanced <code>{</code> or <code>}</code>;
 * a placeholder of any other form (<code>{}</code>, {@code {a.b}}, {@code {x[0]}}); a control character;
 * a pattern made of one variable part and no literal text ({@code *}, {@code {sub}},
 * {@code {projects[]}}), which would match any address that is one word; two variable parts with no
 * character outside {@code [A-Za-z0-9_.-]} between them ({@code {a}{b}}, {@code *.*},
 * {@code {a}.x.{b}}): where one ends would be ambiguous — separate them with {@code :} or {@code /};
 * an empty authority.
 *
 * <h2>Cost</h2>
 * Because variable parts match only {@code [A-Za-z0-9_.-]} and inner separators hold another
 * character, where each part ends is fixed by the address alone: matching is one forward pass, linear
 * in the address length, whatever the address holds (a hostile address of kilobytes is scanned at
 * most once per rule), with no regex, no backtracking and no allocation. A {@code {claim[]}} is one
 * hash look-up of the address region in a table {@link Claims} builds once per token, whatever the
 * number of elements.
 */
public final class PermissionRules {

  private static final PermissionRules NONE = new PermissionRules("permissions", new AddressPattern[0], new String[0]);

  private final String path;
  private final AddressPattern[] patterns;
  private final String[] authorities;

  private PermissionRules(String path, AddressPattern[] patterns, String[] authorities) {
    this.path = path;
    this.patterns = patterns;
    this.authorities = authorities;
  }

  /** The rules of {@code permissions.inbound} (client → bus: send, publish). */
  public static PermissionRules inbound(List<PermissionRule> rules) {
    return compile("permissions.inbound", rules);
  }

  /** The rules of {@code permissions.outbound} (bus → client: register). */
  public static PermissionRules outbound(List<PermissionRule> rules) {
    return compile("permissions.outbound", rules);
  }

  /** Rules that allow nothing. */
  public static PermissionRules denyAll() {
    return NONE;
  }

  /**
   * Compiles {@code rules}; {@code path} is the config key of the list, used to name a bad rule
   * ({@code permissions.inbound} gives {@code permissions.inbound[3].address}).
   *
   * @throws ConfigException for a rule refused at start (see the class comment)
   */
  public static PermissionRules compile(String path, List<PermissionRule> rules) {
    AddressPattern[] patterns = new AddressPattern[rules.size()];
    String[] authorities = new String[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      PermissionRule rule = rules.get(i);
      try {
        patterns[i] = AddressPattern.compile(rule.address());
      } catch (AddressPattern.InvalidPattern e) {
        throw new ConfigException(path + "[" + i + "].address", rule.address(), e.getMessage());
      }
      if (rule.authority() != null && rule.authority().isBlank()) {
        throw new ConfigException(path + "[" + i + "].authority", rule.authority(), "a non-empty authority or none");
      }
      authorities[i] = rule.authority();
    }
    return new PermissionRules(path, patterns, authorities);
  }

  /** {@link #compile(String, List)} with the key {@code permissions}. */
  public static PermissionRules compile(List<PermissionRule> rules) {
    return compile("permissions", rules);
  }

  /** True when some rule allows {@code address} under {@code claims}; false for a null address. */
  public boolean allows(String address, Claims claims) {
    if (address == null) {
      return false;
    }
    for (int i = 0; i < patterns.length; i++) {
      String authority = authorities[i];
      if ((authority == null || claims.hasPermission(authority)) && patterns[i].matches(address, claims)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The rules that can only match addresses internal to Switchboard ({@link Addresses#isInternal}): their pattern lies
   * inside an internal namespace and no public address of it fits the pattern, so they never allow anything. Each is
   * named by key and pattern ({@code permissions.inbound[3] "sb.node.*"}), for a warning at start.
   */
  public List<String> internalOnly() {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < patterns.length; i++) {
      AddressPattern pattern = patterns[i];
      boolean inside = Addresses.INTERNAL_NAMESPACES.stream().anyMatch(pattern.prefix()::startsWith);
      if (inside && Addresses.PUBLIC.stream().noneMatch(pattern::couldMatch)) {
        found.add(path + "[" + i + "] \"" + pattern + "\"");
      }
    }
    return found;
  }

  public int size() {
    return patterns.length;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PermissionRules[");
    for (int i = 0; i < patterns.length; i++) {
      text.append(i == 0 ? "" : ", ").append(patterns[i]).append(authorities[i] == null ? "" : " @" + authorities[i]);
    }
    return text.append(']').toString();
  }
}
