package dev.switchboard.bridge.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayQueueTest {

  @Test
  @DisplayName("at most maxInFlight reads are under way; the others start in order as answers come, failures included")
  void bounded() {
    List<Promise<JsonObject>> asked = new ArrayList<>();
    ReplayQueue queue = new ReplayQueue(request -> {
      Promise<JsonObject> answer = Promise.promise();
      asked.add(answer);
      return answer.future();
    }, 2);
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(queue.replay(new JsonObject().put("n", i)));
    }
    assertThat(asked).hasSize(2);
    assertThat(queue.waiting()).isEqualTo(3);
    asked.get(0).complete(new JsonObject().put("n", 0));
    asked.get(1).fail("history unavailable");
    assertThat(asked).hasSize(4);
    assertThat(answers.get(0).result()).isEqualTo(new JsonObject().put("n", 0));
    assertThat(answers.get(1).failed()).isTrue();
    asked.get(2).complete(new JsonObject());
    asked.get(3).complete(new JsonObject());
    asked.get(4).complete(new JsonObject());
    assertThat(queue.waiting()).isZero();
    assertThat(answers).allMatch(Future::isComplete);
  }
}
