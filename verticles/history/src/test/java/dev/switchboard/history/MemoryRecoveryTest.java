package dev.switchboard.history;

import dev.switchboard.shared.config.HistoryConfig;
import org.junit.jupiter.api.DisplayName;

@DisplayName("recovery table: memory store")
class MemoryRecoveryTest extends RecoveryTableContract {

  @Override
  HistoryStore store(HistoryConfig config) {
    return new MemoryHistoryStore(null, config, clock::get);
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((MemoryHistoryStore) store).epoch();
  }
}
