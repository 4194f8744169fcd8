package dev.switchboard.processes;

import dev.switchboard.testkit.Poll;
import org.junit.jupiter.api.Tag;
import dev.switchboard.shared.Addresses;
import dev.switchboard.shared.processes.ProcessEventTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("resources stay bounded")
class ProcessResourcesTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("500 short processes leave no zombie and no open file descriptor behind")
  void noZombiesNoLeakedDescriptors(Vertx vertx) throws Exception {
    BroadcastRecorder events = BroadcastRecorder.register(vertx).await();
    TestNodes.deploy(vertx, TestNodes.config("many", TestNodes.commands(), new JsonObject().put("maxPerNode", 50)));
    runBatch(vertx, events, 0, 20);
    long descriptorsBefore = OsProcesses.openFileDescriptors();
    long threadsBefore = Thread.activeCount();

    for (int batch = 1; batch < 25; batch++) {
      runBatch(vertx, events, batch, 20);
    }

    assertThat(events.ofType(ProcessEventTypes.EXITED)).hasSize(500);
    assertThat(events.ofType(ProcessEventTypes.EXITED)).allMatch(e -> e.getJsonObject("data").getInteger("exitCode") == 0);
    long pid = ProcessHandle.current().pid();
    Poll.until(() -> OsProcesses.zombiesOf(pid).isEmpty(), 5_000, "no zombie children");
    Poll.until(() -> OsProcesses.openFileDescriptors() <= descriptorsBefore + 5, 5_000,
        "file descriptors back to " + descriptorsBefore + " (now " + OsProcesses.openFileDescriptors() + ")");
    Poll.until(() -> Thread.activeCount() <= threadsBefore + 5, 5_000, "pump threads gone");
    assertThat(ProcessHandle.current().children().toList()).isEmpty();
  }

  private void runBatch(Vertx vertx, BroadcastRecorder events, int batch, int size) throws Exception {
    List<Future<String>> started = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      started.add(vertx.eventBus().<JsonObject>request(Addresses.PROCESSES_START, new JsonObject().put("command", "echo")
              .put("args", new JsonArray().add("run " + batch + " " + i)), new DeliveryOptions().setSendTimeout(30_000))
          .map(reply -> reply.body().getString("id")));
    }
    Future.all(started).await(60, TimeUnit.SECONDS);
    for (Future<String> id : started) {
      events.await(id.result(), ProcessEventTypes.EXITED, 30_000);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("a child writing 100 MiB as fast as it can: heap stays bounded, every line is published or counted as dropped")
  void floodIsBounded(Vertx vertx) throws Exception {
    BroadcastRecorder events = BroadcastRecorder.register(vertx).await().countOnly();
    TestNodes.deploy(vertx, TestNodes.config("flood", TestNodes.commands(), new JsonObject()));
    String line = "0123456789".repeat(10);
    long bytes = 100L * 1024 * 1024;
    HeapWatch heap = HeapWatch.start();

    String id = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
        .put("args", new JsonArray().add("-c").add("yes " + line + " | head -c " + bytes))).getString("id");
    JsonObject exited = events.await(id, ProcessEventTypes.EXITED, 100_000);
    long retainedPeak = heap.stop();

    assertThat(exited.getInteger("exitCode")).isZero();
    long lines = bytes / (line.length() + 1) + 1;
    JsonObject truncated = Poll.until(() -> {
      List<JsonObject> reports = events.about(id, ProcessEventTypes.OUTPUT_TRUNCATED);
      return reports.isEmpty() ? null : reports.get(reports.size() - 1);
    }, 5_000, "a truncation report");
    long dropped = truncated.getLong("dropped");
    assertThat(dropped).isPositive();
    Poll.until(() -> events.outputLines() + dropped == lines, 10_000,
        "published (" + events.outputLines() + ") + dropped (" + dropped + ") = " + lines + " lines");
    assertThat(retainedPeak).as("heap retained after GC, bytes").isLessThan(96L * 1024 * 1024);
  }

  /** The largest heap occupancy seen right after a collection: what the process really holds on to. */
  static final class HeapWatch {
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;

    private HeapWatch() {
      sampler = new Thread(() -> {
        while (running) {
          for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null && pool.getName().matches("(?i).*(tenured|old).*")) {
              peak = Math.max(peak, afterGc.getUsed());
            }
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
      sampler.setDaemon(true);
    }

    static HeapWatch start() {
      HeapWatch watch = new HeapWatch();
      watch.sampler.start();
      return watch;
    }

    long stop() throws InterruptedException {
      running = false;
      sampler.join();
      return peak;
    }
  }
}
