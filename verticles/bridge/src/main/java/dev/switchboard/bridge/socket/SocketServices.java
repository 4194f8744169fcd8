package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.access.AccessPolicy;
import dev.switchboard.bridge.access.Authentication;
import dev.switchboard.bridge.access.AutoSubscriptions;
import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.fanout.RoomFanouts;
import dev.switchboard.shared.ServiceRouting;
import dev.switchboard.shared.config.BridgeConfig;
import io.vertx.core.eventbus.EventBus;

/**
 * What every socket of a bridge shares; {@code routing} says which service requests this node answers itself,
 * {@code authentication} verifies the tokens of {@code sb.auth.refresh}, {@code node} is the name the welcome gives.
 */
public record SocketServices(BridgeConfig limits, AccessPolicy access, RoomFanouts fanouts, SocketRegistry registry,
                             EventBus bus, BridgeMetrics metrics, PresenceTracker presence, ServiceRouting routing,
                             Authentication authentication, AutoSubscriptions autoSubscriptions, String node) {
}
