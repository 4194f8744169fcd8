package dev.switchboard.bridge.socket;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Turns a failed bus request into a {@link Refusal}: no handler or a timeout → 503, a service's failure
 * keeps its code (400–599, else 500) and the sentence of its JSON message.
 */
public final class BusFailures {

  private BusFailures() {
  }

  public static Refusal toRefusal(Throwable failure, String address) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new Refusal(503, "no service answers at " + address + " right now");
        case TIMEOUT -> new Refusal(503, "the service at " + address + " did not answer in time");
        default -> new Refusal(reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 500,
            sentenceOf(reply.getMessage()));
      };
    }
    return new Refusal(500, "internal error");
  }

  private static String sentenceOf(String message) {
    if (message != null && message.startsWith("{")) {
      try {
        String sentence = new JsonObject(message).getString("message");
        if (sentence != null) {
          return sentence;
        }
      } catch (DecodeException | ClassCastException ignored) {
        // not our JSON: fall through to the text itself
      }
    }
    return message == null ? "request failed" : message;
  }
}
