package dev.switchboard.history;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of the redis store (a resource under {@code redis/}), run with {@code EVALSHA}; a server that does
 * not know it (restarted, flushed) gets it once with {@code EVAL}.
 */
final class RedisScript {

  private final String text;
  private final String sha;

  private RedisScript(String text) {
    this.text = text;
    this.sha = sha1(text);
  }

  /** Reads the resource; blocking, call it off the event loop or at class load. */
  static RedisScript load(String resource) {
    try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Future<Response> run(RedisConnection redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(e -> {
      String message = String.valueOf(e.getMessage());
      return message.startsWith("NOSCRIPT") ? redis.send(request(Command.EVAL, text, keys, args)) : Future.failedFuture(e);
    });
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
