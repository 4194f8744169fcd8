package dev.switchboard.shared;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FailureCodesTest {

  @ParameterizedTest
  @CsvSource({
      "400, invalid, INVALID",
      "401, unauthenticated, UNAUTHENTICATED",
      "403, forbidden, ACCESS_DENIED",
      "404, not_found, NOT_FOUND",
      "409, conflict, CONFLICT",
      "413, too_large, TOO_LARGE",
      "429, limit, LIMIT",
      "500, internal, FAILURE",
      "502, internal, FAILURE",
      "503, unavailable, UNAVAILABLE"})
  @DisplayName("each failure code has one error word (bus, REST) and one failureType word (err frames), as on the wire")
  void words(int code, String word, String failureType) {
    assertThat(FailureCodes.word(code)).isEqualTo(word);
    assertThat(FailureCodes.failureType(code)).isEqualTo(failureType);
    assertThat(BusErrors.body(code, "s")).isEqualTo("{\"error\":\"" + word + "\",\"message\":\"s\"}");
  }
}
