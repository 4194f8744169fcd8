package dev.switchboard.bridge.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The bridge's history reads, at most {@code maxInFlight} at a time, the others waiting their turn in order. A
 * recovery storm — hundreds of sockets resuming with {@code since} at once — then holds a few replies in memory, each
 * up to a page of decoded events, instead of one per socket arriving faster than the event loop can write them out.
 * A resuming socket's live events are held meanwhile, bounded as ever ({@link RoomFanout#MAX_HELD}). On the bridge's
 * event loop.
 */
public final class ReplayQueue implements HistoryReader {

  private record Waiting(JsonObject request, Promise<JsonObject> answer) {
  }

  private final HistoryReader history;
  private final int maxInFlight;
  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;

  public ReplayQueue(HistoryReader history, int maxInFlight) {
    this.history = history;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Future<JsonObject> replay(JsonObject request) {
    Promise<JsonObject> answer = Promise.promise();
    waiting.add(new Waiting(request, answer));
    next();
    return answer.future();
  }

  /** Reads waiting for their turn. */
  public int waiting() {
    return waiting.size();
  }

  private void next() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      Waiting turn = waiting.poll();
      inFlight++;
      history.replay(turn.request()).onComplete(result -> {
        inFlight--;
        turn.answer().handle(result);
        next();
      });
    }
  }
}
