package dev.switchboard.shared;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Failures of bus requests (docs/architecture.md, "Bus addresses"): a {@link ReplyException} whose failure code is
 * the HTTP status and whose message is the JSON text {@code {"error": "<word>", "message": "<sentence>"}}.
 * Services build them here; requesters map whatever came back through {@link #code} and {@link #message}
 * (timeout and no handlers → 503, a recipient's 400–599 kept, anything else 500).
 */
public final class BusErrors {

  private BusErrors() {
  }

  public static ReplyException failure(int code, String sentence) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, body(code, sentence));
  }

  public static ReplyException invalid(String sentence) {
    return failure(FailureCodes.INVALID, sentence);
  }

  /** 400 naming the field, the offending value and what was expected. */
  public static ReplyException invalid(String field, Object value, String expected) {
    return invalid(field + " must be " + expected + ", got " + show(value));
  }

  public static ReplyException forbidden(String sentence) {
    return failure(FailureCodes.FORBIDDEN, sentence);
  }

  public static ReplyException notFound(String sentence) {
    return failure(FailureCodes.NOT_FOUND, sentence);
  }

  public static ReplyException limit(String sentence) {
    return failure(FailureCodes.LIMIT, sentence);
  }

  public static ReplyException unavailable(String sentence) {
    return failure(FailureCodes.UNAVAILABLE, sentence);
  }

  /** The failure code a requester should pass on for {@code failure}. */
  public static int code(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT, NO_HANDLERS -> FailureCodes.UNAVAILABLE;
        case RECIPIENT_FAILURE, ERROR -> reply.failureCode() >= 400 && reply.failureCode() <= 599
            ? reply.failureCode() : FailureCodes.INTERNAL;
      };
    }
    return FailureCodes.INTERNAL;
  }

  /** The JSON text a requester should pass on for {@code failure}; never a stack trace. */
  public static String message(Throwable failure) {
    int code = code(failure);
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return body(code, "the service did not answer in time");
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return body(code, "no node offers this service right now");
      }
      if (isErrorBody(reply.getMessage())) {
        return reply.getMessage();
      }
    }
    return body(code, code == FailureCodes.INTERNAL ? "internal error" : String.valueOf(failure.getMessage()));
  }

  /** The sentence of {@link #message}: what a person reads (an err frame's {@code message}). */
  public static String sentence(Throwable failure) {
    return new JsonObject(message(failure)).getString("message");
  }

  /** {@code failure} as a {@link ReplyException} carrying {@link #code} and {@link #message}. */
  public static ReplyException toReply(Throwable failure) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code(failure), message(failure));
  }

  public static String body(int code, String sentence) {
    return new JsonObject().put("error", FailureCodes.word(code)).put("message", sentence).encode();
  }

  private static boolean isErrorBody(String text) {
    if (text == null || !text.startsWith("{")) {
      return false;
    }
    try {
      JsonObject json = new JsonObject(text);
      return json.getValue("error") instanceof String && json.getValue("message") instanceof String;
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  /** A value as shown in a failure message: strings quoted, long values cut. */
  public static String show(Object value) {
    String text = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
