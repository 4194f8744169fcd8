package dev.switchboard.processes;

import dev.switchboard.shared.config.ConfigSchema;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** Config, deployment and requests for tests that run the process monitor. */
final class TestNodes {

  private TestNodes() {
  }

  /** A merged config: built-in defaults, this node's name, {@code commands} as the allow-list, then {@code processes}. */
  static JsonObject config(String nodeName, JsonObject commands, JsonObject processes) {
    JsonObject config = ConfigSchema.defaults();
    ConfigSchema.put(config, "node.name", nodeName);
    ConfigSchema.put(config, "node.roles", new JsonArray().add("processes"));
    ConfigSchema.put(config, "processes.commands", commands);
    processes.forEach(entry -> ConfigSchema.put(config, "processes." + entry.getKey(), entry.getValue()));
    return config;
  }

  /** The commands most tests use. */
  static JsonObject commands() {
    return new JsonObject()
        .put("echo", new JsonObject().put("path", "/bin/echo").put("args", new JsonArray().add("[A-Za-z0-9 ]{0,100}")))
        .put("sleep", new JsonObject().put("path", "/bin/sleep").put("args", new JsonArray().add("[0-9]{1,4}")))
        .put("sh", new JsonObject().put("path", "/bin/sh").put("args", new JsonArray().add("-c").add(".*")))
        .put("env", new JsonObject().put("path", "/usr/bin/env").put("env", new JsonArray().add("GREETING")))
        .put("pwd", new JsonObject().put("path", "/bin/pwd").put("cwdRoots", new JsonArray().add("/tmp")))
        .put("missing", new JsonObject().put("path", "/nonexistent/bin/tool"));
  }

  static String deploy(Vertx vertx, JsonObject config) {
    try {
      return vertx.deployVerticle(new ProcessMonitorVerticle(), new DeploymentOptions().setConfig(config))
          .await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("deployment timed out", e);
    }
  }

  static JsonObject request(Vertx vertx, String address, JsonObject body) {
    try {
      return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(30_000))
          .await(40, TimeUnit.SECONDS).body();
    } catch (Exception e) {
      throw new AssertionError("request to " + address + " failed: " + e, e);
    }
  }

  /** The failure of a request that must fail. */
  static ReplyException failure(Vertx vertx, String address, Object body) {
    try {
      vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(30_000)).await(40, TimeUnit.SECONDS);
    } catch (ReplyException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a ReplyException, got " + e, e);
    }
    throw new AssertionError("request to " + address + " succeeded, expected a failure: " + body);
  }
}
