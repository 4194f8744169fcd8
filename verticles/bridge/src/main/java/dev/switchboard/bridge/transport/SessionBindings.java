package dev.switchboard.bridge.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which token owns each session of SockJS's HTTP transports (XHR streaming and polling, EventSource). Such a session
 * is a series of requests that name it only by the session id in their path, so whoever knows the id could poll the
 * session's frames or send into it. The first request that opens a session id binds it to the bearer token that
 * request carried (none is a value too); every later request for that id must carry exactly the same string, compared
 * in constant time.
 *
 * <p>Bounded: a binding goes when its session closes ({@link #closed}); one whose session never came into being
 * ({@link #started} not called) goes {@link #PENDING_MS} after it was made ({@link #expire}); the table holds at most
 * {@code capacity} bindings and refuses new sessions beyond. On the bridge's event loop.
 */
public final class SessionBindings {

  /** How long a binding waits for its session to come into being. */
  public static final long PENDING_MS = 5_000;

  /** What a request for a session may do. */
  public enum Verdict {
    /** The request carries the session's token, or opens a new session: it goes on. */
    ALLOWED,
    /** The session belongs to another token: 403. */
    FORBIDDEN,
    /** A new session, but the table is full: 503. */
    FULL
  }

  private final int capacity;
  private final long pendingNanos;
  private final Map<String, Binding> bindings = new HashMap<>();

  public SessionBindings(int capacity, long pendingMs) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.pendingNanos = TimeUnit.MILLISECONDS.toNanos(pendingMs);
  }

  /**
   * A request that opens or polls a session (a receiving request: {@code xhr}, {@code xhr_streaming},
   * {@code eventsource}). An unbound session id is bound to {@code token} (null: none), if the table has room.
   */
  public Verdict receive(String sessionId, String token, long nowNanos) {
    Binding binding = bindings.get(sessionId);
    if (binding != null) {
      return binding.ownedBy(token) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }
    if (bindings.size() >= capacity) {
      return Verdict.FULL;
    }
    bindings.put(sessionId, new Binding(bytesOf(token), nowNanos));
    return Verdict.ALLOWED;
  }

  /**
   * A request that sends into a session ({@code xhr_send}): only with the bound token. A session id that is not bound
   * has no session to send into; the request goes on to be answered 404 by SockJS, and binds nothing.
   */
  public Verdict send(String sessionId, String token) {
    Binding binding = bindings.get(sessionId);
    return binding == null || binding.ownedBy(token) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
  }

  /**
   * The session came into being: its binding stays until {@link #closed}. False when the id is not bound (the session
   * must not go on: nothing would hold who owns it).
   */
  public boolean started(String sessionId) {
    Binding binding = bindings.get(sessionId);
    if (binding == null) {
      return false;
    }
    binding.live = true;
    return true;
  }

  /** The session has closed: its binding goes, and the id is free again. */
  public void closed(String sessionId) {
    bindings.remove(sessionId);
  }

  /** Drops the bindings whose session did not come into being within {@link #PENDING_MS}; how many went. */
  public int expire(long nowNanos) {
    int before = bindings.size();
    bindings.values().removeIf(binding -> !binding.live && nowNanos - binding.boundNanos > pendingNanos);
    return before - bindings.size();
  }

  /** Bindings held, live and pending. */
  public int size() {
    return bindings.size();
  }

  private static byte[] bytesOf(String token) {
    return token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** A session's token (null: it was opened without one) and when it was bound, until its session is live. */
  private static final class Binding {

    private final byte[] token;
    private final long boundNanos;
    private boolean live;

    Binding(byte[] token, long boundNanos) {
      this.token = token;
      this.boundNanos = boundNanos;
    }

    boolean ownedBy(String presented) {
      if (token == null || presented == null) {
        return token == null && presented == null;
      }
      return MessageDigest.isEqual(token, bytesOf(presented));
    }
  }
}
