package dev.switchboard.history;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code history.maxReplyBytes}: where a replay reply is cut. */
class ReplaySliceTest {

  private static final String TEN = "{\"n\":\"é\"}"; // 10 bytes as UTF-8, 9 characters

  private static ReplaySlice slice(int events, boolean more) {
    return new ReplaySlice("global", java.util.Collections.nCopies(events, TEN), 40, "e1", true, more);
  }

  @Test
  @DisplayName("a slice over the budget keeps the oldest events that fit, in UTF-8 bytes, and says more")
  void cut() {
    ReplaySlice capped = slice(5, false).cappedTo(25);
    assertThat(capped.events()).hasSize(2);
    assertThat(capped.more()).isTrue();
    assertThat(capped.offset()).isEqualTo(40);
    assertThat(capped.recovered()).isTrue();
    assertThat(capped.toJson().getJsonArray("events")).hasSize(2);
  }

  @Test
  @DisplayName("a slice within the budget is left as it is, more included")
  void within() {
    assertThat(slice(5, false).cappedTo(50)).isEqualTo(slice(5, false));
    assertThat(slice(2, true).cappedTo(50).more()).isTrue();
  }

  @Test
  @DisplayName("one event over the budget is still served, so a client always progresses")
  void oneAlways() {
    ReplaySlice capped = slice(3, false).cappedTo(5);
    assertThat(capped.events()).hasSize(1);
    assertThat(capped.more()).isTrue();
    assertThat(new ReplaySlice("global", List.of(), 0, "e1", true, false).cappedTo(5).events()).isEmpty();
  }
}
