package dev.switchboard.history;

/** The SQL of the postgres store; the schema and its functions are in {@code db/postgres/V*.sql}. */
final class SqlQueries {

  static final String APPEND = "SELECT r_epoch, r_offset, r_duplicate, r_refused"
      + " FROM sb_history_append($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  static final String READ = "SELECT r_epoch, r_last, r_oldest, r_offset, r_envelope, r_checksum"
      + " FROM sb_history_read($1, $2, $3, $4)";
  static final String MAKE_EPOCH = "INSERT INTO sb_history_meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING";
  static final String EPOCH = "SELECT value FROM sb_history_meta WHERE key = 'epoch'";
  static final String PING = "SELECT 1";
  /** One batch of the retention cleanup; rows another node is deleting are skipped. */
  static final String DELETE_EXPIRED = "DELETE FROM sb_history_events WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM sb_history_events WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED))";

  private SqlQueries() {
  }
}
