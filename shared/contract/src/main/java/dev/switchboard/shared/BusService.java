package dev.switchboard.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.clustered.ClusteredMessage;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * A bus service's consumer that answers on every path (STYLE.md, rule 4): the handler's result as the reply, or a
 * failure with its code and JSON message ({@link BusErrors}) — also when the handler throws. Unexpected failures
 * (500 and above, but not 503, which the component that is down logs once) are logged here.
 */
public final class BusService {

  private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

  private BusService() {
  }

  /** A JSON object reply is handed over as it is within the node ({@link LocalJsonCodec}). */
  private static final DeliveryOptions JSON_REPLY = new DeliveryOptions().setCodecName(LocalJsonCodec.NAME);

  /** A request that came over the wire: its reply goes back as plain JSON, which any requester can read. */
  private static boolean fromOtherNode(Message<Object> message) {
    return message instanceof ClusteredMessage<?, ?> clustered && clustered.isFromWire();
  }

  public static MessageConsumer<Object> serve(Vertx vertx, String address, Function<Message<Object>, Future<?>> handler) {
    LocalJsonCodec.register(vertx);
    return vertx.eventBus().consumer(address, (Message<Object> message) -> {
      Future<?> reply;
      try {
        reply = handler.apply(message);
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(body -> {
        if (body instanceof JsonObject && !fromOtherNode(message)) {
          message.reply(body, JSON_REPLY);
        } else {
          message.reply(body);
        }
      }).onFailure(e -> {
        int code = BusErrors.code(e);
        if (code >= 500 && code != FailureCodes.UNAVAILABLE) {
          LOG.warn("request failed [address: {}]: {}", address, e.toString());
        }
        message.fail(code, BusErrors.message(e));
      });
    });
  }
}
