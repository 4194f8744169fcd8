package dev.switchboard.shared.events;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class Uuid7Test {

  @Test
  @DisplayName("a UUIDv7 is canonical text with version 7, the RFC variant and the milliseconds in its first 48 bits")
  void shape() {
    String id = Uuid7.of(0x0192_f3c4_5678L, -1L, -1L);
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").startsWith("0192f3c4-5678-7");
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(0x0192_f3c4_5678L);
  }

  @Test
  @DisplayName("ids of later milliseconds sort after earlier ones as text")
  void ordered() {
    assertThat(Uuid7.of(1000, 0, 0)).isLessThan(Uuid7.of(1001, 0, 0));
    assertThat(Uuid7.next()).isNotEqualTo(Uuid7.next());
  }
}
