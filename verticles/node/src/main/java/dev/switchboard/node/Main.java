package dev.switchboard.node;

import dev.switchboard.shared.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar switchboard.jar}: reads the configuration, starts the node, and stops it on SIGTERM or
 * SIGINT. Exit codes: 0 stopped by a signal, 1 failed to start, 2 bad configuration.
 */
public final class Main {

  static final int EXIT_START_FAILED = 1;
  static final int EXIT_BAD_CONFIG = 2;
  private static final long STOP_TIMEOUT_MS = 9_000;
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    ConfigLoader.Loaded loaded;
    try {
      CommandLine commandLine = CommandLine.parse(List.of(args));
      if (commandLine.help()) {
        System.out.println(CommandLine.USAGE);
        return;
      }
      loaded = ConfigLoader.load(commandLine, System.getenv());
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    LOG.info("configuration read [source: {}]", loaded.source());
    SwitchboardNode node = new SwitchboardNode(loaded.json());
    stopOnSignals(node);
    try {
      node.start().toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.error("node failed to start [name: {}]: {}", node.name(), cause.getMessage());
      System.exit(cause instanceof ConfigException ? EXIT_BAD_CONFIG : EXIT_START_FAILED);
    }
  }

  private static void stopOnSignals(SwitchboardNode node) {
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable shutdown = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      Thread thread = new Thread(() -> {
        LOG.info("stopping on signal [name: {}]", node.name());
        try {
          node.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
          System.exit(0);
        } catch (Exception e) {
          LOG.error("node did not stop within {} ms [name: {}]: {}", STOP_TIMEOUT_MS, node.name(), e.toString());
          Runtime.getRuntime().halt(EXIT_START_FAILED);
        }
      }, "switchboard-shutdown");
      thread.start();
    };
    Signal.handle(new Signal("TERM"), signal -> shutdown.run());
    Signal.handle(new Signal("INT"), signal -> shutdown.run());
  }
}
