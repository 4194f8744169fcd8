package dev.switchboard.shared.cluster.rooms;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryCacheTest {

  private final DirectoryCache cache = new DirectoryCache();

  @Test
  void keepsAReadUntilItIsTooOld() {
    cache.put("r", List.of("a", "b"), 1_000, cache.version());

    assertThat(cache.get("r", 1_000 + DirectoryCache.MAX_AGE_MS - 1)).containsExactly("a", "b");
    assertThat(cache.get("r", 1_000 + DirectoryCache.MAX_AGE_MS)).isNull();
    assertThat(cache.get("other", 1_000)).isNull();
  }

  @Test
  void aChangeDropsTheRoom() {
    cache.put("r", List.of("a"), 0, cache.version());
    cache.put("s", List.of("a"), 0, cache.version());

    cache.invalidate("r");

    assertThat(cache.get("r", 1)).isNull();
    assertThat(cache.get("s", 1)).containsExactly("a");
  }

  @Test
  void aReadThatSpannedAChangeIsNotKept() {
    long startedAt = cache.version();
    cache.invalidate("elsewhere");

    cache.put("r", List.of("a"), 0, startedAt);

    assertThat(cache.get("r", 1)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void clearDropsEverythingAndReadsUnderWay() {
    long startedAt = cache.version();
    cache.put("r", List.of("a"), 0, startedAt);

    cache.clear();
    cache.put("s", List.of("a"), 0, startedAt);

    assertThat(cache.size()).isZero();
  }

  @Test
  void sweepDropsOnlyTheOldEntries() {
    cache.put("old", List.of("a"), 0, cache.version());
    cache.put("new", List.of("a"), DirectoryCache.MAX_AGE_MS, cache.version());

    cache.sweep(DirectoryCache.MAX_AGE_MS + 1);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get("new", DirectoryCache.MAX_AGE_MS + 1)).containsExactly("a");
  }
}
