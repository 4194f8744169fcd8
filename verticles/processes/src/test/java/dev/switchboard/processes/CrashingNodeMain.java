package dev.switchboard.processes;

import dev.switchboard.shared.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;

/**
 * A node in its own JVM for {@link NodeCrashIT}: deploys the process monitor, starts a process tree, prints
 * {@code GROUP <pgid>} and waits to be killed.
 */
public final class CrashingNodeMain {

  private CrashingNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    TestNodes.deploy(vertx, TestNodes.config("crashing", TestNodes.commands(), new JsonObject()));
    for (int i = 0; i < 3; i++) {
      JsonObject record = TestNodes.request(vertx, Addresses.PROCESSES_START, new JsonObject().put("command", "sh")
          .put("args", new JsonArray().add("-c").add("sh -c '(sleep 300 &); sleep 301' & sleep 302")));
      System.out.println("GROUP " + record.getLong("pid"));
    }
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
