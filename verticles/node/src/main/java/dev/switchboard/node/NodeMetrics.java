package dev.switchboard.node;

import dev.switchboard.shared.Role;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The node's Prometheus registry: Vert.x's own metrics (event bus, HTTP, pools, JVM) plus
 * {@code switchboard_*}. Registered with Vert.x under {@code switchboard-<node name>}, so a verticle finds it
 * with {@code BackendRegistries.getNow(name)}.
 */
final class NodeMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String registryName;

  NodeMetrics(String nodeName, Set<Role> roles) {
    this.registryName = "switchboard-" + nodeName;
    registry.config().meterFilter(BoundedLabels.httpMethods());
    String roleList = roles.stream().sorted().map(Role::word).collect(Collectors.joining(","));
    Gauge.builder("switchboard.node.info", () -> 1)
        .description("This node: its name and roles (always 1)")
        .tags("node", nodeName, "roles", roleList)
        .register(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  MicrometerMetricsFactory factory() {
    return new MicrometerMetricsFactory(registry);
  }

  MetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName(registryName)
        // Vert.x's per-message event-bus meters cost a tag look-up on every send and receive (4-5 % of a publish);
        // switchboard_events_published_total and switchboard_events_delivered_total count what matters instead
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        // the bridge's and the management server's HTTP metrics apart
        .addLabels(Label.LOCAL)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }
}
