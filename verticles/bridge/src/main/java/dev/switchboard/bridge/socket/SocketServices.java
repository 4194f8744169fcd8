package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.access.AccessPolicy;
import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.fanout.RoomFanouts;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.config.BridgeConfig;
import io.vertx.core.eventbus.EventBus;

/** What every socket of a bridge shares; {@code routing} says which service requests this node answers itself. */
public record SocketServices(BridgeConfig limits, AccessPolicy access, RoomFanouts fanouts, SocketRegistry registry,
                             EventBus bus, BridgeMetrics metrics, PresenceTracker presence, ServiceRouting routing) {
}
