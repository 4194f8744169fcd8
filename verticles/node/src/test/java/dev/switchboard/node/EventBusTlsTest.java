package dev.switchboard.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.shared.config.ClusterConfig;
import dev.switchboard.shared.config.ClusterTls;
import dev.switchboard.shared.ConfigException;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBusTlsTest {

  private static final List<String> THREE = List.of("127.0.0.1:5701-5703");

  @TempDir
  Path dir;

  private final Logger logger = (Logger) LoggerFactory.getLogger(EventBusTls.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  @DisplayName("with cluster.tls: TLS on the bus, client certificates required, the node's PEM pair and the CA as trust")
  void tls() throws IOException {
    Path cert = Files.writeString(dir.resolve("node.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Path key = Files.writeString(dir.resolve("node.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n");
    ClusterConfig cluster = new ClusterConfig("c", "127.0.0.1", 5701, THREE, 1,
        new ClusterTls(cert.toString(), key.toString(), ca.toString()));

    EventBusOptions options = EventBusTls.apply(new EventBusOptions(), cluster);

    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getKeyCertOptions()).isEqualTo(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
    assertThat(options.getTrustOptions()).isEqualTo(new PemTrustOptions().addCertPath(ca.toString()));
    assertThat(logged.list).isEmpty();
  }

  @Test
  @DisplayName("with cluster.tls naming a missing file: refused naming the key and the path, the bus left plain")
  void missingFile() {
    String missing = dir.resolve("none.pem").toString();
    ClusterConfig cluster = new ClusterConfig("c", "127.0.0.1", 5701, THREE, 1, new ClusterTls(missing, missing, missing));
    EventBusOptions options = new EventBusOptions();
    assertThatThrownBy(() -> EventBusTls.apply(options, cluster))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid config: cluster.tls.certPath = \"" + missing + "\" (expected a readable PEM certificate");
    assertThat(options.isSsl()).isFalse();
  }

  @Test
  @DisplayName("without cluster.tls, a node with other members logs exactly one WARN naming cluster.tls; the bus stays plain")
  void warnsWhenNotAlone() {
    EventBusOptions options = EventBusTls.apply(new EventBusOptions(), new ClusterConfig("c", "127.0.0.1", 5701, THREE));
    assertThat(options.isSsl()).isFalse();
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage()).contains("event bus between members is not encrypted or authenticated")
          .contains("set cluster.tls").contains("[cluster: c]").doesNotContain("\n");
    });
  }

  @Test
  @DisplayName("without cluster.tls, a lone node logs nothing about it")
  void quietWhenAlone() {
    EventBusTls.apply(new EventBusOptions(), new ClusterConfig("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701")));
    assertThat(logged.list).isEmpty();
  }
}
