package dev.switchboard.history;

import org.junit.jupiter.api.DisplayName;

@DisplayName("recovery table: memory store")
class MemoryRecoveryTest extends RecoveryTableContract {

  @Override
  HistoryStore store() {
    return new MemoryHistoryStore(null, CONFIG, clock::get);
  }

  @Override
  String storeEpoch(HistoryStore store) {
    return ((MemoryHistoryStore) store).epoch();
  }
}
