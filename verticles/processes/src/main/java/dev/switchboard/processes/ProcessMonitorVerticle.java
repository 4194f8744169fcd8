package dev.switchboard.processes;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.cluster.ClusterAccess;
import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * The processes role: OS processes started and stopped by bus messages ({@code sb.processes.start}, {@code .stop},
 * {@code .list}, {@code .get}, and this node's {@code sb.processes.node.<name>}), their output streamed into
 * rooms, errors in it detected, limits enforced.
 */
public final class ProcessMonitorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitorVerticle.class);

  private final ProcessEvents events;
  private WorkerExecutor launcherThread;
  private ProcessSupervisor supervisor;
  private LostProcessWatch lostWatch;

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
    ProcessRegistry registry = registry(publishing);
    launcherThread = vertx.createSharedWorkerExecutor("sb-process-launcher-" + nodeName, 1);
    supervisor = new ProcessSupervisor(nodeName, context, config.processes(), new ProcessLauncher(launcherThread),
        registry, publishing, running -> new ProcessMetrics(nodeName, running));
    ProcessService service = new ProcessService(vertx, nodeName, supervisor, registry);
    List<MessageConsumer<Object>> consumers = List.of(
        serve(Addresses.PROCESSES_START, service::start),
        serve(Addresses.PROCESSES_STOP, service::stop),
        serve(Addresses.PROCESSES_LIST, service::list),
        serve(Addresses.PROCESSES_GET, service::get),
        serve(Addresses.processesNode(nodeName), service::onThisNode));
    LOG.info("processes started [node: {}, commands: {}, maxPerNode: {}]", nodeName,
        config.processes().commands().keySet(), config.processes().maxPerNode());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    if (lostWatch != null) {
      lostWatch.stop();
    }
    return supervisor.stopAll()
        .eventually(() -> launcherThread.close())
        .onComplete(v -> {
          supervisor.metrics().close();
          LOG.info("processes stopped");
        });
  }

  private ProcessRegistry registry(ProcessEvents publishing) {
    if (!vertx.isClustered()) {
      return new LocalProcessRegistry();
    }
    HazelcastInstance hazelcast = ClusterAccess.hazelcast(vertx);
    HazelcastProcessRegistry registry = new HazelcastProcessRegistry(context, hazelcast);
    lostWatch = new LostProcessWatch(context, hazelcast, registry, publishing);
    lostWatch.start();
    return registry;
  }

  /** A consumer that replies with the handler's result or fails with its code and JSON message, on every path. */
  private MessageConsumer<Object> serve(String address, Function<Object, Future<JsonObject>> handler) {
    return vertx.eventBus().consumer(address, (Message<Object> message) -> {
      Future<JsonObject> reply;
      try {
        reply = handler.apply(message.body());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(message::reply).onFailure(e -> {
        if (BusErrors.code(e) >= 500) {
          LOG.warn("request failed [address: {}]: {}", address, e.toString());
        }
        message.fail(BusErrors.code(e), BusErrors.message(e));
      });
    });
  }
}
