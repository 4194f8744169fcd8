package dev.switchboard.processes;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusService;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.cluster.ClusterRegroup;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The processes role: OS processes started and stopped by bus messages ({@code sb.processes.start}, {@code .stop},
 * {@code .list}, {@code .get}, {@code .commands}, and this node's {@code sb.processes.node.<name>}), their output streamed into
 * rooms, errors in it detected, limits enforced, restarted as their policy says.
 */
public final class ProcessMonitorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitorVerticle.class);

  private final ProcessEvents events;
  private WorkerExecutor launcherThread;
  private ProcessSupervisor supervisor;
  private LostProcessWatch lostWatch;
  private HazelcastProcessRegistry clusterRegistry;
  private ClusterRegroup.Registration regroupWatch;

  public ProcessMonitorVerticle() {
    this(null);
  }

  /** With {@code events} instead of publishing through the broadcaster (null: through the broadcaster). */
  ProcessMonitorVerticle(ProcessEvents events) {
    this.events = events;
  }

  @Override
  public Future<?> start() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(config());
    String nodeName = config.node().name();
    ProcessEvents publishing = events != null ? events : new BusProcessEvents(vertx);
    ProcessRegistry registry = registry();
    launcherThread = vertx.createSharedWorkerExecutor("sb-process-launcher-" + nodeName, 1);
    supervisor = new ProcessSupervisor(nodeName, context, config.processes(), new ProcessLauncher(launcherThread),
        registry, publishing, running -> new ProcessMetrics(nodeName, running));
    if (clusterRegistry != null) {
      lostWatch = new LostProcessWatch(context, ClusterAccess.hazelcast(vertx), clusterRegistry, supervisor.lifecycle(),
          supervisor::adopt);
      lostWatch.start();
      regroupWatch = ClusterRegroup.watch(vertx, "process registry",
          (before, now) -> clusterRegistry.regrouped(now, supervisor.current()));
    }
    ProcessService service = new ProcessService(vertx, nodeName, supervisor, registry,
        new CommandAllowList(config.processes()).describe());
    List<MessageConsumer<Object>> consumers = List.of(
        BusService.serve(vertx, Addresses.PROCESSES_START, m -> service.start(m.body())),
        BusService.serve(vertx, Addresses.PROCESSES_STOP, m -> service.stop(m.body())),
        BusService.serve(vertx, Addresses.PROCESSES_LIST, m -> service.list(m.body())),
        BusService.serve(vertx, Addresses.PROCESSES_GET, m -> service.get(m.body())),
        BusService.serve(vertx, Addresses.PROCESSES_COMMANDS, m -> service.commands(m.body())),
        BusService.serve(vertx, Addresses.processesNode(nodeName), m -> service.onThisNode(m.body())));
    LOG.info("processes started [node: {}, commands: {}, maxPerNode: {}]", nodeName,
        config.processes().commands().keySet(), config.processes().maxPerNode());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    if (lostWatch != null) {
      lostWatch.stop();
    }
    if (regroupWatch != null) {
      ClusterRegroup.stop(vertx, regroupWatch);
    }
    return supervisor.stopAll()
        .eventually(() -> launcherThread.close())
        .onComplete(v -> {
          supervisor.metrics().close();
          LOG.info("processes stopped");
        });
  }

  private ProcessRegistry registry() {
    if (!vertx.isClustered()) {
      return new LocalProcessRegistry();
    }
    HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
    clusterRegistry = new HazelcastProcessRegistry(context, hazelcast);
    return clusterRegistry;
  }

}
