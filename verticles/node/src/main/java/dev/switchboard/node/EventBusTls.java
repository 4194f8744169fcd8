package dev.switchboard.node;

import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterTls;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus's TCP connections between members ({@code cluster.tls}): with it, mutual TLS — each member presents
 * its certificate and accepts, as server and as client, only peers whose certificate the configured CA signed, so a
 * process without one neither sends to nor receives from the members' buses. Vert.x's clustered bus does not verify
 * host names (members are known by address), the CA is what authenticates — which is why trust-all, the bus's
 * default, is turned off. Without it the bus is plain TCP, and a
 * node that is not alone says so once.
 *
 * <p>Hazelcast's own traffic (membership, maps) is not covered: open-source Hazelcast has no TLS, its port must stay
 * on a private network.
 */
final class EventBusTls {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusTls.class);

  private EventBusTls() {
  }

  /**
   * Configures {@code options} for {@code cluster}: TLS when {@code cluster.tls} is set (its files checked first:
   * this reads them, call it before Vert.x runs), else a warning for a node with other members. Fails with a
   * {@link dev.switchboard.shared.ConfigException} naming the key of a file that is missing or not PEM.
   */
  static EventBusOptions apply(EventBusOptions options, ClusterConfig cluster) {
    ClusterTls tls = cluster.tls();
    if (tls == null) {
      if (!cluster.alone()) {
        LOG.warn("the event bus between members is not encrypted or authenticated: any process that reaches the"
            + " cluster port and knows the cluster name can join it and send on it; set cluster.tls (certPath, keyPath,"
            + " caPath: PEM files, certificates from your CA) to require mutual TLS [cluster: {}]", cluster.name());
      }
      return options;
    }
    tls.checkFiles();
    // EventBusOptions trusts all certificates by default: as a client a member would then accept any server
    return options.setSsl(true)
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()));
  }
}
