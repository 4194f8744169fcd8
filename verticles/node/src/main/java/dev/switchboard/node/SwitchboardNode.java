package dev.switchboard.node;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.Role;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.ClusterRegroup;
import dev.switchboard.shared.cluster.HazelcastSetup;
import dev.switchboard.shared.cluster.MemberDirectory;
import dev.switchboard.shared.cluster.MemberInfo;
import dev.switchboard.shared.ConfigException;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.health.HealthCheck;
import dev.switchboard.shared.health.HealthChecks;
import dev.switchboard.shared.cluster.rooms.RoomRouting;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.bridge.auth.SignInCodes;
import dev.switchboard.bridge.rest.SignIn;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One Switchboard node: a clustered Vert.x, its entry in the member directory, the management server, and
 * the verticles of its roles, deployed in {@link Role} order and undeployed in reverse.
 */
public final class SwitchboardNode {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardNode.class);
  /** The authority the shipped conf/switchboard.json grants everything to. */
  static final String ADMIN_AUTHORITY = SignIn.ADMIN_AUTHORITY;

  private final JsonObject configJson;
  private final SwitchboardConfig config;
  private final Deque<Deployed> deployed = new ArrayDeque<>();
  private Vertx vertx;
  private MemberDirectory directory;
  private UUID departureWatch;
  private ClusterRegroup.Registration regroupWatch;
  private final String generatedSecret;
  private volatile String rolesState = "starting";

  private record Deployed(String what, String id) {
  }

  /** A node from a configuration: complete, or only the keys that differ from the built-in defaults. */
  public SwitchboardNode(JsonObject configJson) {
    this.configJson = ConfigSchema.merge(ConfigSchema.defaults(), configJson);
    SwitchboardConfig parsed = SwitchboardConfig.fromJson(this.configJson);
    if (parsed.node().name() == null) {
      ConfigSchema.put(this.configJson, "node.name", ConfigLoader.defaultName(parsed));
      parsed = SwitchboardConfig.fromJson(this.configJson);
    }
    this.generatedSecret = SigningKey.ensure(this.configJson, parsed);
    this.config = SwitchboardConfig.fromJson(this.configJson);
  }

  public String name() {
    return config.node().name();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Joins the cluster and deploys everything; on failure leaves again and fails with the reason. */
  public Future<SwitchboardNode> start() {
    long began = System.nanoTime();
    NodeMetrics metrics = new NodeMetrics(name(), config.node().roles());
    String clusterIp = HazelcastSetup.ipOf(config.cluster().host());
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics.options())
        .setEventLoopPoolSize(config.node().eventLoopCount());
    options.getEventBusOptions().setHost(clusterIp).setClusterPublicHost(clusterIp);
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(HazelcastSetup.hazelcastConfig(config.cluster()));
    Transport transport;
    try {
      EventBusTls.apply(options.getEventBusOptions(), config.cluster());
      transport = EventLoopTransport.choose(config.node().transport());
    } catch (ConfigException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return Vertx.builder().with(options).withMetrics(metrics.factory()).withClusterManager(clusterManager)
        .withTransport(transport)
        .buildClustered()
        .compose(v -> {
          vertx = v;
          registerReadinessChecks();
          return new MinimumMembers(v, config.cluster().minimumMembers()).await();
        })
        .compose(v -> RoomRouting.install(vertx, name()))
        .compose(routing -> {
          directory = new MemberDirectory(vertx);
          departureWatch = directory.watchDepartures(gone -> routing.forgetNode(gone)
              .onFailure(e -> LOG.warn("could not clear the rooms of a departed node [node: {}]: {}", gone, e.toString())));
          return directory.join(self());
        })
        .map(v -> regroupWatch = ClusterRegroup.watch(vertx, "member directory", (before, now) -> directory.reassert(self())))
        .compose(v -> deploy("management server",
            new ManagementServer(config.management(), self(), directory, metrics.registry())))
        .compose(v -> deployRoles())
        .compose(v -> {
          rolesState = "up";
          return directory.members();
        })
        .map(members -> {
          LOG.info("switchboard node started [name: {}, roles: {}, transport: {}, event loops: {}, http: {}:{}, management: {}:{}, cluster: {}, members: {}, ms: {}]",
              name(), roleWords(), transport.name(), config.node().eventLoopCount(), config.http().host(), config.http().port(), config.management().host(),
              config.management().port(), config.cluster().name(),
              members.stream().map(MemberInfo::name).collect(Collectors.joining(", ", "[", "]")),
              (System.nanoTime() - began) / 1_000_000);
          if (generatedSecret != null) {
            announceSignIn();
          }
          return this;
        })
        .recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
  }

  /** Undeploys in reverse order, leaves the directory and the cluster. Never fails: each step logs its own trouble. */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    rolesState = "stopping";
    Future<Void> chain = Future.succeededFuture();
    while (!deployed.isEmpty()) {
      Deployed next = deployed.pop();
      chain = chain.compose(v -> vertx.undeploy(next.id())
          .onFailure(e -> LOG.warn("undeploy failed [what: {}]: {}", next.what(), e.getMessage()))
          .otherwiseEmpty());
    }
    Vertx closing = vertx;
    return chain
        .compose(v -> directory == null ? Future.<Void>succeededFuture() : directory.leave(name()).otherwiseEmpty())
        .compose(v -> {
          if (departureWatch != null) {
            directory.stopWatching(departureWatch);
          }
          if (regroupWatch != null) {
            ClusterRegroup.stop(closing, regroupWatch);
          }
          return closing.close();
        })
        .onSuccess(v -> LOG.info("switchboard node stopped [name: {}]", name()))
        .onFailure(e -> LOG.warn("closing Vert.x failed [name: {}]: {}", name(), e.getMessage()))
        .otherwiseEmpty();
  }

  /**
   * A node that made its own key says how to sign in with it: a link with a one-time code (valid 10 minutes), which
   * the dashboard trades for an admin token — never the token itself, so the log holds no credential that still works.
   */
  private void announceSignIn() {
    String code = SignInCodes.of(vertx).issue();
    String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
    LOG.info("no JWT key configured: this node made one for its lifetime. Sign in as admin (one-time link, valid {} min):"
        + " http://{}:{}/?signin={}", SignInCodes.VALID.toMinutes(), host, config.http().port(), code);
  }

  private Future<Void> deployRoles() {
    Future<Void> chain = Future.succeededFuture();
    for (Role role : Role.values()) {
      if (config.node().roles().contains(role)) {
        chain = chain.compose(v -> deploy(role.word(), RoleVerticles.create(role)));
      }
    }
    return chain;
  }

  private Future<Void> deploy(String what, io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(configJson))
        .onSuccess(id -> deployed.push(new Deployed(what, id)))
        .recover(e -> Future.failedFuture(what + " failed to start: " + e.getMessage()))
        .mapEmpty();
  }

  private void registerReadinessChecks() {
    HealthChecks checks = HealthChecks.of(vertx);
    HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
    checks.register("cluster", () -> Future.succeededFuture(clusterCheck(hazelcast)));
    checks.register("roles", () -> Future.succeededFuture("up".equals(rolesState)
        ? HealthCheck.up("roles", String.join(", ", roleWords()))
        : HealthCheck.down("roles", rolesState)));
  }

  /** Joined, and with at least {@code cluster.minimumMembers} members (below that the shared maps answer no one). */
  private HealthCheck clusterCheck(HazelcastInstance hazelcast) {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return HealthCheck.down("cluster", "not a cluster member");
    }
    int members = hazelcast.getCluster().getMembers().size();
    if (!HazelcastSetup.enoughMembers(hazelcast)) {
      return HealthCheck.down("cluster", members + " member(s), fewer than cluster.minimumMembers ("
          + config.cluster().minimumMembers() + ")");
    }
    return HealthCheck.up("cluster", "joined " + config.cluster().name() + " with " + members + " member(s)");
  }

  private MemberInfo self() {
    return new MemberInfo(name(), ClusterAccess.localMemberId(vertx), roleWords(), config.http().port(),
        config.management().port());
  }

  private List<String> roleWords() {
    return config.node().roles().stream().sorted().map(Role::word).toList();
  }
}
