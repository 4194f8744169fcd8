package dev.switchboard.node;

import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.LoopbackPorts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's sign-in: a lone node from the fat jar with no key prints a link with a one-time code — never
 * a token — which {@code POST /api/signin} trades for the admin token once; the same code again is 401.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignInIT {

  private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/\\?signin=([A-Za-z0-9_-]+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("the start-up line carries a one-time code, not a token; the code signs in once, then 401")
  void oneTimeCode(@TempDir Path dir) throws Exception {
    int clusterPort = LoopbackPorts.free();
    try (NodeProcess node = NodeProcess.start(NodeProcess.copyJar(dir), dir, "signin",
        List.of("--cluster-name", TestClusters.clusterName(), "--cluster-port", String.valueOf(clusterPort),
            "--members", "127.0.0.1:" + clusterPort), Map.of())) {
      Poll.until("the sign-in link in the log", Duration.ofSeconds(60), () -> LINK.matcher(node.output()).find());
      String output = node.output();
      assertThat(output).doesNotContain("token=").doesNotContain("eyJ");
      Matcher link = LINK.matcher(output);
      assertThat(link.find()).isTrue();
      String code = link.group(1);
      assertThat(code).matches("[A-Za-z0-9_-]{32}");
      String base = "http://127.0.0.1:" + node.httpPort;

      HttpResponse<String> first = post(base, new JsonObject().put("code", code));
      assertThat(first.statusCode()).isEqualTo(200);
      String token = new JsonObject(first.body()).getString("token");
      HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(status.body()).getJsonObject("node").getString("name")).isEqualTo("signin");

      HttpResponse<String> again = post(base, new JsonObject().put("code", code));
      assertThat(again.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(again.body()).getString("message")).contains("already used");
      assertThat(post(base, new JsonObject().put("code", "x".repeat(32))).statusCode()).isEqualTo(401);
      assertThat(post(base, new JsonObject().put("code", 42)).statusCode()).isEqualTo(400);
    }
  }

  private static HttpResponse<String> post(String base, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/signin"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
