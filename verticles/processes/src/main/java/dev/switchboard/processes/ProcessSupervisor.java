package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.config.ProcessesConfig;
import dev.switchboard.shared.processes.ProcessEventTypes;
import dev.switchboard.shared.processes.ProcessRecord;
import dev.switchboard.shared.processes.ProcessState;
import dev.switchboard.shared.processes.StartRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The children of this node: starts them as the allow-list says, enforces {@code maxPerNode} and timeouts, ends
 * whole process trees (SIGTERM to the group, SIGKILL after the grace period), runs a process again as its restart
 * policy says ({@link RunEnds}), and records and announces every change. Runs on the verticle's context; process I/O happens on the launcher's and the pumps' threads.
 */
final class ProcessSupervisor {

  /** How long the output may keep flowing after the command ended before its leftovers are killed. */
  private static final long LEFTOVER_GRACE_MS = 2_000;
  /** Node shutdown does not wait longer than this for a tree to end after SIGTERM. */
  static final long SHUTDOWN_GRACE_MS = 3_000;
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

  private final String nodeName;
  private final Vertx vertx;
  private final Context context;
  private final ProcessesConfig config;
  private final CommandAllowList allowList;
  private final ProcessLauncher launcher;
  private final ProcessRegistry registry;
  private final ProcessEvents events;
  private final ProcessMetrics metrics;
  private final LifecycleEvents lifecycle;
  private final RunEnds runEnds;
  private final Map<String, SupervisedProcess> processes = new ConcurrentHashMap<>();

  ProcessSupervisor(String nodeName, Context context, ProcessesConfig config, ProcessLauncher launcher,
                    ProcessRegistry registry, ProcessEvents events, Function<IntSupplier, ProcessMetrics> metricsFactory) {
    this.nodeName = nodeName;
    this.context = context;
    this.vertx = context.owner();
    this.config = config;
    this.allowList = new CommandAllowList(config);
    this.launcher = launcher;
    this.registry = registry;
    this.events = events;
    this.metrics = metricsFactory.apply(processes::size);
    this.lifecycle = new LifecycleEvents(vertx, events, metrics);
    this.runEnds = new RunEnds(vertx, registry, lifecycle, metrics, processes::remove, this::restart);
  }

  /** The events that are retried until stored; for the lost-process watch too. */
  LifecycleEvents lifecycle() {
    return lifecycle;
  }

  int running() {
    return processes.size();
  }

  ProcessMetrics metrics() {
    return metrics;
  }

  /** The records of the processes this node runs now. */
  List<ProcessRecord> current() {
    return processes.values().stream().filter(p -> !p.hasEnded()).map(SupervisedProcess::record).toList();
  }

  /** Whether this node runs the process now. */
  boolean runs(String id) {
    return processes.containsKey(id);
  }

  /** Starts a process here: the record once it runs (or, when it could not be started, in state failed). */
  Future<ProcessRecord> start(StartRequest request) {
    LaunchPlan plan;
    try {
      plan = allowList.plan(request);
    } catch (ReplyException refused) {
      metrics.start("rejected");
      return Future.failedFuture(refused);
    }
    if (processes.size() >= config.maxPerNode()) {
      metrics.start("limited");
      return Future.failedFuture(BusErrors.limit("node " + nodeName + " already runs " + processes.size()
          + " processes (processes.maxPerNode)"));
    }
    ProcessRecord record = ProcessRecord.starting(UUID.randomUUID().toString(), request.name(), request.command(),
        request.args(), nodeName, Instant.now());
    SupervisedProcess supervised = new SupervisedProcess(record, plan, new OutputPublisher(record.id(), context, events,
        lifecycle, metrics, config.outputLinesKept()), relaunchOf(request, plan));
    processes.put(record.id(), supervised);
    return run(supervised).recover(e -> startFailed(supervised, e));
  }

  /**
   * A process of a node that left the cluster, claimed by this node (the oldest member) because its policy says
   * {@code anyNode}: run again here, as a restart, if this node's allow-list admits it, it has room and restarts are
   * left; else it stays lost.
   */
  void adopt(ProcessRecord lost, JsonObject relaunch) {
    LaunchPlan plan;
    StartRequest request;
    try {
      request = StartRequest.fromJson(relaunch);
      plan = allowList.plan(request);
    } catch (ReplyException refused) {
      LOG.warn("lost process not run again here [id: {}]: {}", lost.id(), BusErrors.sentence(refused));
      return;
    }
    RestartDecision decision = RestartDecision.after(plan.restart(), lost.restarts(), 0, ProcessState.LOST, null, null,
        ThreadLocalRandom.current()::nextDouble);
    if (decision.verdict() != RestartDecision.Verdict.RESTART || processes.size() >= config.maxPerNode()
        || processes.containsKey(lost.id())) {
      LOG.info("lost process not run again [id: {}, restarts: {}, running here: {}]", lost.id(), lost.restarts(),
          processes.size());
      return;
    }
    ProcessRecord here = lost.movedTo(nodeName);
    SupervisedProcess supervised = new SupervisedProcess(here, plan, new OutputPublisher(here.id(), context, events,
        lifecycle, metrics, config.outputLinesKept()), relaunch);
    processes.put(here.id(), supervised);
    LOG.info("lost process taken over [id: {}, from: {}, restarts: {}]", here.id(), lost.node(), decision.restarts());
    runEnds.restartLater(supervised, here.withRestarts(decision.restarts()), decision.delayMs());
  }

  /** The request to run it again with elsewhere: only under {@code anyNode}, the merged policy, no node. */
  private static JsonObject relaunchOf(StartRequest request, LaunchPlan plan) {
    if (!plan.restart().anyNode()) {
      return null;
    }
    JsonObject json = request.toJson().put("restart", plan.restart().toJson());
    json.remove("node");
    return json;
  }

  /** One run of the process: launched, attached, its record stored. */
  private Future<ProcessRecord> run(SupervisedProcess supervised) {
    return launcher.launch(supervised.plan())
        .compose(process -> {
          ProcessRecord started = attach(supervised, process);
          return stored(started).map(started);
        });
  }

  /** The backoff of a pending restart is over: the next run, unless the process was stopped meanwhile. */
  private void restart(SupervisedProcess supervised) {
    if (supervised.hasEnded() || supervised.stopRequested()) {
      return;
    }
    supervised.restartBegins();
    LOG.info("process restarting [id: {}, restarts: {}]", supervised.id(), supervised.record().restarts());
    run(supervised).onFailure(e -> {
      String reason = "could not restart: " + e.getMessage();
      LOG.warn("process failed to restart [id: {}]: {}", supervised.id(), e.toString());
      ProcessRecord failed = runEnds.endForGood(supervised, supervised.record().finalAs(ProcessState.FAILED, reason));
      lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.FAILED,
          new JsonObject().put("processId", failed.id()).put("reason", reason));
    });
  }

  /** Ends the process's tree; completes with the final record once it has ended. */
  Future<ProcessRecord> stop(String id, Long graceMs) {
    SupervisedProcess supervised = processes.get(id);
    if (supervised == null) {
      return Future.failedFuture(BusErrors.notFound("no running process " + BusErrors.show(id) + " on node " + nodeName));
    }
    supervised.endAs(ProcessState.STOPPED);
    if (supervised.waitsForRestart()) {
      vertx.cancelTimer(supervised.restartTimer());
      ProcessRecord stopped = runEnds.endForGood(supervised, supervised.record().finalAs(ProcessState.STOPPED, null));
      LOG.info("process stopped while waiting for a restart [id: {}, restarts: {}]", id, stopped.restarts());
      lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.STOPPED, new JsonObject()
          .put("processId", id).put("exitCode", stopped.exitCode()).put("durationMs", 0));
    } else if (supervised.process() != null && !supervised.runHasEnded()) {
      terminate(supervised, graceMs == null ? config.killGraceMs() : graceMs);
    }
    return supervised.ended();
  }

  /** Node shutdown: ends every tree, with a grace period of at most {@link #SHUTDOWN_GRACE_MS}. */
  Future<Void> stopAll() {
    List<Future<ProcessRecord>> ending = new ArrayList<>();
    for (SupervisedProcess supervised : List.copyOf(processes.values())) {
      ending.add(stop(supervised.id(), Math.min(config.killGraceMs(), SHUTDOWN_GRACE_MS)));
    }
    return Future.join(ending).<Void>mapEmpty()
        .timeout(SHUTDOWN_GRACE_MS + LEFTOVER_GRACE_MS + 2_000, TimeUnit.MILLISECONDS)
        .onFailure(e -> LOG.warn("processes still ending at shutdown [count: {}]", processes.size()))
        .otherwiseEmpty();
  }

  private ProcessRecord attach(SupervisedProcess supervised, Process process) {
    String id = supervised.id();
    LaunchPlan plan = supervised.plan();
    supervised.publisher().runStarted();
    ProcessOutput output = new ProcessOutput(context, supervised.publisher(), supervised.lineNumbers(),
        detection -> detected(supervised, detection));
    long timer = vertx.setTimer(plan.timeoutMs(), t -> timedOut(supervised));
    supervised.running(process, output, timer);
    OutputPump.start(id, process.getInputStream(), "stdout", output);
    OutputPump.start(id, process.getErrorStream(), "stderr", output);
    process.onExit().thenAccept(exited -> context.runOnContext(v -> exited(supervised)));
    ProcessRecord record = supervised.record();
    metrics.start("started");
    LOG.info("process started [id: {}, command: {}, pid: {}, timeoutMs: {}]", id, record.command(), record.pid(),
        plan.timeoutMs());
    lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.STARTED, eventData(record));
    if (supervised.stopRequested()) {
      // a stop arrived while it was being started
      terminate(supervised, config.killGraceMs());
    }
    return record;
  }

  /**
   * The record of a process that was just started, in the registry before the start is answered: a get or a stop
   * right after the answer finds it. A registry that cannot take it is logged, not failed: the process runs.
   */
  private Future<Void> stored(ProcessRecord record) {
    SupervisedProcess supervised = processes.get(record.id());
    return registry.put(record, supervised == null ? null : supervised.relaunch())
        .onFailure(e -> LOG.warn("process record not stored [id: {}]: {}", record.id(), e.toString()))
        .otherwiseEmpty();
  }

  private Future<ProcessRecord> startFailed(SupervisedProcess supervised, Throwable failure) {
    processes.remove(supervised.id());
    if (failure instanceof ReplyException refused) {
      metrics.start("rejected");
      supervised.end(supervised.record().ended(ProcessState.FAILED, Instant.now(), null));
      return Future.failedFuture(refused);
    }
    metrics.start("failed");
    String reason = "could not start: " + failure.getMessage();
    ProcessRecord failed = supervised.end(supervised.record().ended(ProcessState.FAILED, Instant.now(), null));
    LOG.warn("process failed to start [id: {}, command: {}]: {}", failed.id(), failed.command(), failure.toString());
    registry.put(failed).onFailure(e -> LOG.warn("process record not stored [id: {}]: {}", failed.id(), e.toString()));
    lifecycle.publish(ProcessEventTypes.ROOM_PROCESSES, ProcessEventTypes.FAILED,
        new JsonObject().put("processId", failed.id()).put("reason", reason));
    return Future.succeededFuture(failed);
  }

  private void timedOut(SupervisedProcess supervised) {
    if (!supervised.runHasEnded()) {
      LOG.info("process timed out [id: {}]", supervised.id());
      supervised.endAs(ProcessState.TIMED_OUT);
      terminate(supervised, config.killGraceMs());
    }
  }

  /** SIGTERM to the group now, SIGKILL to the group (and closing its pipe) after {@code graceMs}. */
  private void terminate(SupervisedProcess supervised, long graceMs) {
    if (!supervised.beginTerminating()) {
      return;
    }
    long group = supervised.group();
    Process process = supervised.process();
    LOG.info("ending process tree [id: {}, group: {}, graceMs: {}]", supervised.id(), group, graceMs);
    launcher.signalGroup(group, "TERM")
        .onFailure(e -> LOG.warn("SIGTERM failed [id: {}]: {}", supervised.id(), e.toString()));
    vertx.setTimer(Math.max(1, graceMs), t -> {
      if (!supervised.runHasEnded() && supervised.process() == process) {
        launcher.signalGroup(group, "KILL")
            .onFailure(e -> LOG.warn("SIGKILL failed [id: {}]: {}", supervised.id(), e.toString()));
        launcher.releaseGroup(supervised.process());
      }
    });
  }

  /** The wrapper exited: let the output drain, kill leftovers of the group, close the pipes, record the end. */
  private void exited(SupervisedProcess supervised) {
    vertx.cancelTimer(supervised.timeoutTimer());
    Process process = supervised.process();
    int exitCode = process.exitValue();
    supervised.output().ended()
        .timeout(LEFTOVER_GRACE_MS, TimeUnit.MILLISECONDS)
        .otherwiseEmpty()
        .compose(v -> launcher.releaseGroup(process))
        .compose(v -> supervised.output().ended().timeout(LEFTOVER_GRACE_MS, TimeUnit.MILLISECONDS))
        .onFailure(e -> LOG.warn("process output still open after its group was killed [id: {}]", supervised.id()))
        .otherwiseEmpty()
        .compose(v -> launcher.closeOutput(process))
        .onComplete(v -> runEnds.ended(supervised, exitCode));
  }

  private void detected(SupervisedProcess supervised, Detection detection) {
    supervised.detected(detection);
    metrics.error(detection.category(), detection.language());
    LOG.info("error detected [id: {}, category: {}, language: {}, message: {}]", supervised.id(), detection.category(),
        detection.language(), detection.message());
    lifecycle.publish(ProcessEventTypes.ROOM_ERRORS, ProcessEventTypes.ERROR_DETECTED, detection.toJson(supervised.id()));
  }

  /** A record as event data: the record plus {@code processId}. */
  static JsonObject eventData(ProcessRecord record) {
    return record.toJson().put("processId", record.id());
  }
}
