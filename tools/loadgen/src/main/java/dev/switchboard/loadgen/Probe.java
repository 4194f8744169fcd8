package dev.switchboard.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.LongAdder;

/**
 * A client's probe: it publishes {@code {probe: id}} into its room, again after the probe interval and then
 * backing off x2 up to 1 s, until the probe comes back (or it is cancelled). The backoff keeps a server that falls
 * behind from being buried under probes. Runs on the client's context.
 */
final class Probe {

  private static final long MAX_INTERVAL_MS = 1000;
  private final BridgeClient client;
  private final String room;
  private final String id;
  private final LongAdder sent;
  private long delayMs;
  private long timer = -1;
  private boolean cancelled;

  Probe(BridgeClient client, String room, String id, long firstIntervalMs, LongAdder sent) {
    this.client = client;
    this.room = room;
    this.id = id;
    this.delayMs = firstIntervalMs;
    this.sent = sent;
  }

  Probe start() {
    send();
    return this;
  }

  void cancel() {
    cancelled = true;
    if (timer >= 0) {
      client.context().owner().cancelTimer(timer);
      timer = -1;
    }
  }

  private void send() {
    if (cancelled) {
      return;
    }
    sent.increment();
    client.publish(room, new JsonObject().put("probe", id));
    timer = client.context().owner().setTimer(delayMs, t -> send());
    delayMs = Math.min(MAX_INTERVAL_MS, delayMs * 2);
  }
}
