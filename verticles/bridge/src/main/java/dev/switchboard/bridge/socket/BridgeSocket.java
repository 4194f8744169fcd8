package dev.switchboard.bridge.socket;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.bridge.transport.TokenBucket;
import dev.switchboard.bridge.protocol.CloseReason;
import dev.switchboard.bridge.protocol.Refusal;
import dev.switchboard.bridge.protocol.Frames;
import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.fanout.FanoutTarget;
import dev.switchboard.bridge.fanout.Resume;
import dev.switchboard.bridge.transport.Connection;
import dev.switchboard.bridge.protocol.OutboundFrame;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.Utf8;
import dev.switchboard.shared.permissions.Claims;
import dev.switchboard.shared.rooms.RoomEvent;
import dev.switchboard.shared.rooms.RoomNames;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection speaking the Vert.x event-bus bridge protocol: frames in ({@code send},
 * {@code publish}, {@code register}, {@code unregister}, {@code ping}), {@code rec} and {@code err} out.
 * Every frame's fields are type-checked before a rule sees them; every refusal is an {@code err} frame
 * addressed so the official client hands it to the right callback. The bridge answers some frames itself:
 * {@code ping}, a {@code send} to {@code sb.auth.refresh} (its token replaced, every registration checked again), and
 * {@code register}/{@code unregister} of {@code sb.session} (accepted, nothing to do: that address is the bridge's own
 * notices, the welcome and registration acks; a send or publish to it is refused, 403). All on the bridge's event loop.
 */
public final class BridgeSocket implements FanoutTarget {

  private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long BAD_FRAME_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int BAD_FRAMES_TOLERATED = 10;
  private static final Logger LOG = LoggerFactory.getLogger(BridgeSocket.class);

  private final Connection connection;
  private Claims claims;
  private final SocketServices services;
  private final SenderOptions sender;
  private final TokenBucket bucket;
  private final Set<String> registrations = new LinkedHashSet<>();
  private final RegistrationOrder order;
  private final OutboundBacklog backlog;
  private final TokenRefresh refresh;
  private long lastActivityNanos;
  private long overRateSinceNanos;
  private long badFrameWindowStart;
  private int badFrames;
  private boolean closed;

  public BridgeSocket(Connection connection, Claims claims, SocketServices services) {
    this.connection = connection;
    this.claims = claims;
    this.services = services;
    long now = System.nanoTime();
    this.bucket = new TokenBucket(services.limits().inboundPerSecond(), services.limits().inboundBurst(), now);
    this.backlog = new OutboundBacklog(services.limits().outboundQueue(), services.limits().outboundQueueBytes());
    this.lastActivityNanos = now;
    this.badFrameWindowStart = now;
    this.sender = new SenderOptions(claims.subject());
    this.refresh = new TokenRefresh(services.authentication());
    this.order = new RegistrationOrder(connection, this::handle,
        held -> refuse(held.errAddress(), Refusal.limit("more than " + RegistrationOrder.MAX_HELD
            + " frames sent while a registration was being set up")));
  }

  /** The user ({@code sub}), or null for an anonymous socket. */
  public String user() {
    return claims.subject();
  }

  public Claims claims() {
    return claims;
  }

  /**
   * Starts reading frames; the socket has been admitted. Its first frame is the welcome on {@code sb.session}, then it is
   * registered on the rooms of {@code bridge.autoSubscribe} it may read.
   */
  public void start() {
    connection.frameHandler(this::onData);
    connection.closeHandler(v -> cleanUp());
    connection.oversizedHandler(v -> badFrame(null, new Refusal(FailureCodes.TOO_LARGE, "message over the transport's limit of "
        + BridgeLimits.transportMessageBytes(services.limits()) + " bytes"), System.nanoTime()));
    List<String> automatic = services.autoSubscriptions().addressesFor(claims, services.limits().maxRegistrationsPerSocket());
    write(SessionNotices.welcome(services.node(), claims, services.limits(), automatic));
    for (String address : automatic) {
      join(address, null, null, false);
    }
  }

  @Override
  public void deliver(OutboundFrame frame, RoomEvent event) {
    if (!closed && (!connection.writeQueueFull() || admitBehind(frame.byteLength()))) {
      connection.write(frame);
    }
  }

  /** Idle timeout and token expiry, checked by the bridge's sweeper. */
  public void sweep(long nowNanos, long nowMillis) {
    if (closed) {
      return;
    }
    connection.heartbeat(nowMillis);
    if (claims.expiresAt().isPresent() && claims.expiresAt().get().toEpochMilli() <= nowMillis) {
      write(Frames.err(null, new Refusal(FailureCodes.UNAUTHENTICATED, "TOKEN_EXPIRED", "the token has expired: connect again with a fresh one")));
      close(CloseReason.TOKEN_EXPIRED);
    } else if (nowNanos - lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(services.limits().idleTimeoutMs())) {
      close(CloseReason.IDLE);
    }
  }

  /** Sends an err frame and closes (a limit hit at admission). */
  public void refuseAndClose(Refusal refusal, CloseReason reason) {
    write(Frames.err(null, refusal));
    close(reason);
  }

  public void close(CloseReason reason) {
    if (closed) {
      return;
    }
    services.metrics().closed(reason.name().toLowerCase());
    connection.close(reason.code, reason.reason);
    cleanUp();
  }

  private void onData(Buffer data) {
    long now = System.nanoTime();
    lastActivityNanos = now;
    if (data.length() > services.limits().maxFrameBytes()) {
      badFrame(null, new Refusal(FailureCodes.TOO_LARGE, "frame of " + data.length() + " bytes is over the limit of "
          + services.limits().maxFrameBytes()), now);
      return;
    }
    InboundFrame.Parsed parsed = InboundFrame.parse(data);
    if (parsed.refusal() != null) {
      badFrame(parsed.errAddress(), parsed.refusal(), now);
      return;
    }
    InboundFrame frame = parsed.frame();
    services.metrics().frameIn(frame.type());
    if (frame.type().equals("ping")) {
      return;
    }
    if (!withinRate(frame, now)) {
      return;
    }
    if (order.admit(frame)) {
      handle(frame);
    }
  }

  private void handle(InboundFrame frame) {
    if (Addresses.SESSION.equals(frame.address())) {
      if (frame.type().equals("send") || frame.type().equals("publish")) {
        refuse(frame.errAddress(), Refusal.denied(Addresses.SESSION + " is written by the bridge only"));
      }
      return;
    }
    switch (frame.type()) {
      case "register" -> register(frame);
      case "unregister" -> unregister(frame);
      default -> {
        if (TokenRefresh.isRefresh(frame)) {
          refresh(frame);
        } else {
          sendOrPublish(frame);
        }
      }
    }
  }

  private void register(InboundFrame frame) {
    Refusal refusal = services.access().register(frame.address(), claims);
    if (refusal == null && !registrations.contains(frame.address())
        && registrations.size() >= services.limits().maxRegistrationsPerSocket()) {
      refusal = Refusal.limit("a socket may hold at most " + services.limits().maxRegistrationsPerSocket() + " registrations");
    }
    RegisterHeaders headers = RegisterHeaders.of(frame.headers());
    if (refusal == null) {
      refusal = headers.refusal();
    }
    if (refusal != null) {
      refuse(frame.address(), refusal);
      return;
    }
    join(frame.address(), headers.types(), headers.resume(), headers.ack());
  }

  /** Registers on a room already allowed; with {@code ack}, a {@code {registered}} notice once it is live. */
  private void join(String address, Set<String> types, Resume resume, boolean ack) {
    String room = RoomNames.fromAddress(address);
    boolean fresh = registrations.add(address);
    Future<Void> listed = services.fanouts().join(room, this, types, resume);
    order.joining(listed);
    if (fresh && user() != null) {
      services.presence().joined(room, user());
    }
    if (ack) {
      listed.onComplete(done -> acknowledge(address, done));
    }
  }

  private void acknowledge(String address, AsyncResult<Void> listed) {
    if (closed || !registrations.contains(address)) {
      return;
    }
    if (listed.succeeded()) {
      write(SessionNotices.registered(address));
    } else {
      refuse(address, Refusal.of(listed.cause()));
    }
  }

  /**
   * {@code sb.auth.refresh}: on success the socket's claims and expiry are the new token's, every registration the new
   * claims no longer allow ends with an {@code err} ACCESS_DENIED at its address, then the reply {@code {exp}}; refused,
   * the socket keeps its claims and expiry.
   */
  private void refresh(InboundFrame frame) {
    refresh.verify(frame, claims)
        .onSuccess(fresh -> refreshed(frame.replyAddress(), fresh))
        .onFailure(e -> refuse(frame.errAddress(), e instanceof Authentication.RefusedException refused ? refused.refusal()
            : Refusal.of(e)));
  }

  private void refreshed(String replyAddress, Claims fresh) {
    if (closed) {
      return;
    }
    claims = fresh;
    int dropped = 0;
    for (String address : List.copyOf(registrations)) {
      Refusal refusal = services.access().register(address, fresh);
      if (refusal != null) {
        registrations.remove(address);
        leave(RoomNames.fromAddress(address));
        refuse(address, refusal);
        dropped++;
      }
    }
    LOG.debug("token refreshed [user: {}, exp: {}, registrations dropped: {}]", user(), fresh.expiresAt().orElse(null), dropped);
    write(Frames.rec(replyAddress, SessionNotices.refreshed(fresh)));
  }

  private void unregister(InboundFrame frame) {
    if (registrations.remove(frame.address())) {
      leave(RoomNames.fromAddress(frame.address()));
    }
  }

  private void leave(String room) {
    services.fanouts().leave(room, this);
    if (user() != null) {
      services.presence().left(room, user());
    }
  }

  private void sendOrPublish(InboundFrame frame) {
    Refusal refusal = services.access().send(frame.address(), frame.body(), claims);
    if (refusal != null) {
      refuse(frame.errAddress(), refusal);
      return;
    }
    String room = RoomNames.fromAddress(frame.address());
    if (room != null) {
      publishToRoom(room, frame);
    } else if (frame.replyAddress() != null) {
      request(frame.address(), frame.body(), frame);
    } else if (frame.type().equals("send")) {
      services.bus().send(frame.address(), frame.body(), sender.anywhere());
    } else {
      services.bus().publish(frame.address(), frame.body(), sender.anywhere());
    }
  }

  private void publishToRoom(String room, InboundFrame frame) {
    if (!(frame.body() instanceof JsonObject body)) {
      refuse(frame.errAddress(), Refusal.invalid("a publish to a room takes a body {type, data}"));
      return;
    }
    request(Addresses.BROADCAST_PUBLISH, RoomPublish.request(room, body), frame);
  }

  private void request(String address, Object body, InboundFrame frame) {
    // served here, a JSON object body (every service of this node takes one) is handed over as it is
    DeliveryOptions options = !services.routing().servedHere(address) ? sender.anywhere()
        : body instanceof JsonObject ? sender.localJson() : sender.localOther();
    services.bus().<Object>request(address, body, options)
        .onSuccess(reply -> replied(frame, reply))
        .onFailure(e -> refuse(frame.errAddress(), Refusal.of(e)));
  }

  private void replied(InboundFrame frame, Message<Object> reply) {
    if (frame.replyAddress() != null) {
      write(Frames.rec(frame.replyAddress(), reply.body()));
    }
  }

  /** Within {@code bridge.inboundPerSecond}; a frame over it is refused at its reply address (else its address). */
  private boolean withinRate(InboundFrame frame, long now) {
    if (bucket.tryTake(now)) {
      overRateSinceNanos = 0;
      return true;
    }
    if (overRateSinceNanos == 0) {
      overRateSinceNanos = now;
    } else if (now - overRateSinceNanos > RATE_GRACE_NANOS) {
      close(CloseReason.RATE_LIMIT);
      return false;
    }
    refuse(frame.errAddress(), Refusal.limit("more than " + services.limits().inboundPerSecond() + " frames a second"));
    return false;
  }

  private void badFrame(String errAddress, Refusal refusal, long now) {
    services.metrics().frameIn("invalid");
    refuse(errAddress, refusal);
    if (now - badFrameWindowStart > BAD_FRAME_WINDOW_NANOS) {
      badFrameWindowStart = now;
      badFrames = 0;
    }
    if (++badFrames >= BAD_FRAMES_TOLERATED) {
      close(CloseReason.BAD_FRAMES);
    }
  }

  private void refuse(String address, Refusal refusal) {
    services.metrics().refused(refusal.failureType().toLowerCase());
    write(Frames.err(address, refusal));
  }

  private void write(String frame) {
    if (!closed && (!connection.writeQueueFull() || admitBehind(Utf8.length(frame)))) {
      connection.write(frame);
    }
  }

  /**
   * Whether one more frame of {@code frameBytes} may be written while the transport is behind: it may take
   * {@code bridge.outboundQueue} more frames and {@code bridge.outboundQueueBytes} more bytes; past either the socket is
   * closed, so a client that cannot keep up never grows the node's memory by more than that. Frames are only measured
   * while behind.
   */
  private boolean admitBehind(long frameBytes) {
    boolean armDrain = backlog.isEmpty();
    if (!backlog.add(frameBytes)) {
      close(CloseReason.SLOW_CONSUMER);
      return false;
    }
    if (armDrain) {
      connection.drainHandler(v -> backlog.drained());
    }
    return true;
  }

  private void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    order.clear();
    for (String address : registrations) {
      leave(RoomNames.fromAddress(address));
    }
    registrations.clear();
    services.registry().release(this);
  }
}
