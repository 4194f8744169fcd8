package dev.switchboard.bridge.transport;

import dev.switchboard.shared.FailureCodes;
import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SockJS's HTTP transports under the bridge's base path, served by vertx-web's SockJS handler: {@code xhr-streaming},
 * {@code xhr-polling} and {@code eventsource} (SockJS's {@code websocket} path is upgraded by the server itself, see
 * {@code BridgeVerticle}). {@code htmlfile}, {@code jsonp-polling} and the iframe-based transports are not served
 * (404): they need the iframe page, which loads the SockJS library from a CDN. In front of the SockJS handler:
 * <ul>
 *   <li>every request for a session ({@code <base>/<server>/<session>/<transport>}) is held to the token that opened
 *   the session ({@link SessionBindings}): another token, or none, gets 403 and nothing of the session; past the
 *   table's capacity a new session gets 503;</li>
 *   <li>the session id SockJS acts on is the one checked: vertx-web's SockJS reads it from the request parameter
 *   {@code param0}, which a query parameter of that name would otherwise set, so the gate sets it itself;</li>
 *   <li>an {@code xhr_send} body is read (SockJS needs it read beforehand) up to {@code maxSendBytes}: beyond, 413 and
 *   the session carries on; form bodies (urlencoded, multipart) are refused with 400 unread;</li>
 *   <li>{@code eventsource} responses carry CORS headers, as SockJS gives its XHR responses, so a page on another
 *   origin (within {@code bridge.allowedOrigins}) can use it.</li>
 * </ul>
 * On the bridge's event loop.
 */
public final class SockJsRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SockJsRoutes.class);
  /** The request parameter vertx-web's SockJS transports take the session id from. */
  private static final String SESSION_PARAM = "param0";
  private static final int MAX_SESSION_ID = 128;
  /** The transports whose requests open a session and take its frames. */
  private static final Set<String> RECEIVING = Set.of("xhr", "xhr_streaming", "eventsource");
  private static final String SENDING = "xhr_send";
  private static final String SEND_BODY_READ = "sb.sockjs.sendBody";

  private final Vertx vertx;
  private final String base;
  private final SessionBindings bindings;
  private final int maxSendBytes;
  private final Consumer<String> refused;
  private final Pattern sessionPath;
  private final BodyHandler sendBody;

  /**
   * @param maxSendBytes the largest {@code xhr_send} body read
   * @param refused told the reason word of each refused request (for the metrics)
   */
  public SockJsRoutes(Vertx vertx, String base, SessionBindings bindings, int maxSendBytes, Consumer<String> refused) {
    this.vertx = vertx;
    this.base = base;
    this.bindings = bindings;
    this.maxSendBytes = maxSendBytes;
    this.refused = refused;
    this.sessionPath = Pattern.compile(Pattern.quote(base) + "/([^/]+)/([^/]+)/([^/]+)/?");
    this.sendBody = BodyHandler.create(false).setBodyLimit(maxSendBytes).setMergeFormAttributes(false);
  }

  /** Mounts the gate, the send-body reader and SockJS at {@code <base>/*}; {@code sessions} gets each new session. */
  public void mount(Router router, Handler<SockJSSocket> sessions) {
    router.route(base + "/*").handler(this::gate).failureHandler(this::sendBodyFailed);
    router.route(base + "/*").handler(this::readSendBody);
    router.getWithRegex(Pattern.quote(base) + "/iframe[^/]*\\.html").handler(ctx -> ctx.response().setStatusCode(404).end());
    SockJSHandlerOptions options = new SockJSHandlerOptions().setRegisterWriteHandler(false)
        .addDisabledTransport(Transport.HTML_FILE.name()).addDisabledTransport(Transport.JSON_P.name());
    router.route(base + "/*").subRouter(SockJSHandler.create(vertx, options).socketHandler(sock -> opened(sock, sessions)));
  }

  /** Drops the bindings of sessions that never came into being (the bridge's sweeper, about once a second). */
  public void sweep(long nowNanos) {
    int expired = bindings.expire(nowNanos);
    if (expired > 0) {
      LOG.debug("fallback session bindings expired [count: {}, held: {}]", expired, bindings.size());
    }
  }

  private void gate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Matcher session = sessionPath.matcher(ctx.normalizedPath());
    if (!session.matches() || request.method() == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String id = session.group(2);
    String transport = session.group(3);
    // whatever the method (SockJS takes POST, GET for eventsource, and answers others 404): fail closed
    boolean receiving = RECEIVING.contains(transport);
    boolean sending = transport.equals(SENDING);
    if (!receiving && !sending) {
      ctx.next();
      return;
    }
    if (id.length() > MAX_SESSION_ID) {
      refuse(ctx, "invalid", Refusal.invalid("a session id has at most " + MAX_SESSION_ID + " characters"));
      return;
    }
    if (sending && isForm(request.getHeader("Content-Type"))) {
      refuse(ctx, "invalid", Refusal.invalid("xhr_send takes a text body, a JSON array of strings, not a form"));
      return;
    }
    String token;
    try {
      token = Credentials.of(request.headers(), request.query()).token();
    } catch (IllegalArgumentException e) {
      refuse(ctx, "invalid", Refusal.invalid("the token parameter is not valid percent-encoding"));
      return;
    }
    SessionBindings.Verdict verdict = receiving ? bindings.receive(id, token, System.nanoTime()) : bindings.send(id, token);
    switch (verdict) {
      case FORBIDDEN -> refuse(ctx, "session", Refusal.denied("this session belongs to another token"));
      case FULL -> refuse(ctx, "busy", new Refusal(FailureCodes.UNAVAILABLE, "too many fallback sessions open on this node: retry later"));
      default -> {
        request.params().set(SESSION_PARAM, id);
        if (sending) {
          ctx.put(SEND_BODY_READ, Boolean.TRUE);
        } else if (transport.equals("eventsource")) {
          allowOrigin(ctx);
        }
        ctx.next();
      }
    }
  }

  private void readSendBody(RoutingContext ctx) {
    if (ctx.get(SEND_BODY_READ) != null) {
      sendBody.handle(ctx);
    } else {
      ctx.next();
    }
  }

  private void sendBodyFailed(RoutingContext ctx) {
    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
      refuse(ctx, "too_large", new Refusal(FailureCodes.TOO_LARGE, "an xhr_send body may hold at most " + maxSendBytes + " bytes"));
    } else {
      ctx.next();
    }
  }

  /** A new session (its first receiving request passed the gate): its binding stays until it closes. */
  private void opened(SockJSSocket sock, Handler<SockJSSocket> sessions) {
    String id = sock.routingContext().request().getParam(SESSION_PARAM);
    if (id == null || !bindings.started(id)) {
      LOG.warn("fallback session without a binding closed [session: {}]", id);
      sock.close();
      return;
    }
    sock.closeHandler(v -> bindings.closed(id));
    sessions.handle(sock);
  }

  private void refuse(RoutingContext ctx, String reason, Refusal refusal) {
    refused.accept(reason);
    ctx.response().setStatusCode(refusal.code()).putHeader("content-type", "application/json")
        .end(refusal.toJson().encode());
  }

  /** What SockJS does for its XHR responses (BaseTransport.setCORSIfNeeded), which it leaves out for EventSource. */
  private static void allowOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Access-Control-Allow-Credentials", "true");
    }
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.trim().toLowerCase(Locale.ROOT);
    return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
  }
}
