package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.processes.RestartDecision.Verdict;
import dev.switchboard.shared.processes.ProcessState;
import dev.switchboard.shared.processes.RestartPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("what follows the end of a run")
class RestartDecisionTest {

  private static RestartPolicy policy(String word, int max) {
    return RestartPolicy.parse(new JsonObject().put("policy", word).put("maxRestarts", max).put("backoffMs", 100)
        .put("maxBackoffMs", 1_000).put("resetAfterMs", 10_000), RestartPolicy.DEFAULT, "restart");
  }

  private static RestartDecision after(RestartPolicy policy, int restarts, long runMs, ProcessState state, Integer code,
                                       Detection detection, double random) {
    return RestartDecision.after(policy, restarts, runMs, state, code, detection, () -> random);
  }

  @Test
  @DisplayName("never: no restart whatever the end")
  void never() {
    assertThat(after(RestartPolicy.DEFAULT, 0, 10, ProcessState.EXITED, 1, null, 0).verdict()).isEqualTo(Verdict.END);
  }

  @Test
  @DisplayName("on-failure restarts a failure or a timeout, not a clean exit nor a stop")
  void onFailure() {
    RestartPolicy policy = policy("on-failure", 3);
    assertThat(after(policy, 0, 10, ProcessState.EXITED, 1, null, 0).verdict()).isEqualTo(Verdict.RESTART);
    assertThat(after(policy, 0, 10, ProcessState.TIMED_OUT, 143, null, 0).verdict()).isEqualTo(Verdict.RESTART);
    assertThat(after(policy, 0, 10, ProcessState.EXITED, 0, null, 0).verdict()).isEqualTo(Verdict.END);
    assertThat(after(policy, 0, 10, ProcessState.STOPPED, 143, null, 0).verdict()).isEqualTo(Verdict.END);
  }

  @Test
  @DisplayName("delays double up to maxBackoffMs, jitter adds less than a quarter, so each is longer than the last")
  void delaysGrow() {
    RestartPolicy policy = policy("always", 10);
    List<Long> lowest = List.of(1, 2, 3, 4, 5).stream()
        .map(n -> after(policy, n - 1, 10, ProcessState.EXITED, 1, null, 0).delayMs()).toList();
    List<Long> highest = List.of(1, 2, 3, 4, 5).stream()
        .map(n -> after(policy, n - 1, 10, ProcessState.EXITED, 1, null, 0.999).delayMs()).toList();
    assertThat(lowest).containsExactly(100L, 200L, 400L, 800L, 1_000L);
    assertThat(highest).containsExactly(124L, 249L, 499L, 999L, 1_249L);
    assertThat(after(policy, 2, 10, ProcessState.EXITED, 1, null, 0).restarts()).isEqualTo(3);
  }

  @Test
  @DisplayName("when the restarts are used up a failed run is a crash loop, a clean one just ends")
  void crashloop() {
    RestartPolicy policy = policy("always", 2);
    RestartDecision failed = after(policy, 2, 10, ProcessState.EXITED, 1, null, 0);
    assertThat(failed.verdict()).isEqualTo(Verdict.CRASHLOOP);
    assertThat(failed.restarts()).isEqualTo(2);
    assertThat(failed.reason()).contains("maxRestarts 2").contains("exit code 1");
    assertThat(after(policy, 2, 10, ProcessState.EXITED, 0, null, 0).verdict()).isEqualTo(Verdict.END);
  }

  @Test
  @DisplayName("a run longer than resetAfterMs resets the count")
  void resets() {
    RestartDecision decision = after(policy("on-failure", 2), 2, 10_001, ProcessState.EXITED, 1, null, 0);
    assertThat(decision.verdict()).isEqualTo(Verdict.RESTART);
    assertThat(decision.restarts()).isEqualTo(1);
    assertThat(decision.delayMs()).isEqualTo(100);
  }

  @Test
  @DisplayName("a compilation error fails the process instead of restarting it; a runtime error is retried")
  void compilationFails() {
    Detection syntax = new Detection("compilation", "python", "SyntaxError: invalid syntax", "/app/x.py", 4, null, List.of());
    Detection runtime = new Detection("runtime", "python", "ValueError: bad", "/app/x.py", 4, null, List.of());
    RestartDecision decision = after(policy("on-failure", 5), 0, 10, ProcessState.EXITED, 1, syntax, 0);
    assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(decision.reason()).contains("compilation").contains("SyntaxError: invalid syntax");
    assertThat(after(policy("on-failure", 5), 0, 10, ProcessState.EXITED, 1, runtime, 0).verdict())
        .isEqualTo(Verdict.RESTART);
    assertThat(after(policy("never", 5), 0, 10, ProcessState.EXITED, 1, syntax, 0).verdict())
        .as("no restart was due: the run just ended").isEqualTo(Verdict.END);
  }
}
