package dev.switchboard.shared.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.testkit.Futures;
import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastFuturesTest {

  private static HazelcastInstance hazelcast;
  private static Vertx vertx;

  @BeforeAll
  static void member() {
    Config config = new Config().setClusterName("futures-" + UUID.randomUUID());
    config.getNetworkConfig().setPort(LoopbackPorts.free()).setPortAutoIncrement(false);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.setProperty("hazelcast.socket.bind.any", "false");
    hazelcast = Hazelcast.newHazelcastInstance(config);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() throws Exception {
    Futures.get(vertx.close(), Duration.ofSeconds(10));
    hazelcast.shutdown();
  }

  @Test
  @DisplayName("500 map reads complete on the caller's context without starting a thread each (Hazelcast's default"
      + " async executor starts one per callback where the common pool has at most one thread, as on this 2-core"
      + " machine)")
  void noThreadPerCall() throws Exception {
    IMap<String, String> map = hazelcast.getMap("futures");
    map.put("k", "v");
    Context context = vertx.getOrCreateContext();
    long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

    List<String> threads = new ArrayList<>();
    List<String> values = Futures.get(Future.<List<String>>future(done -> context.runOnContext(v -> {
      List<Future<String>> reads = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        reads.add(HazelcastFutures.of(context, map.getAsync("k"))
            .andThen(read -> threads.add(Thread.currentThread().getName())));
      }
      Future.all(reads).map(all -> all.<String>list()).onComplete(done);
    })), Duration.ofSeconds(30));

    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
    assertThat(values).hasSize(500).containsOnly("v");
    assertThat(threads).allMatch(name -> name.startsWith("vert.x-eventloop-thread"));
    assertThat(started)
        .as("threads started for 500 reads (common pool parallelism here: %d)", ForkJoinPool.getCommonPoolParallelism())
        .isLessThan(20);
  }

  @Test
  @DisplayName("a call that throws instead of returning a stage is a failed future, not an exception in the caller")
  void thrownIsFailed() {
    Future<String> future = HazelcastFutures.call(vertx.getOrCreateContext(), () -> {
      throw new IllegalStateException("member shutting down");
    });
    assertThat(future.failed()).isTrue();
    assertThatThrownBy(() -> Futures.get(future, Duration.ofSeconds(1))).hasMessageContaining("member shutting down");
  }

  @Test
  @DisplayName("a failed stage fails the future with the stage's exception")
  void failure() {
    Future<Object> future = HazelcastFutures.of(vertx.getOrCreateContext(),
        CompletableFuture.failedFuture(new IllegalArgumentException("no such thing")));
    assertThatThrownBy(() -> Futures.get(future, Duration.ofSeconds(10))).hasMessageContaining("no such thing");
  }
}
