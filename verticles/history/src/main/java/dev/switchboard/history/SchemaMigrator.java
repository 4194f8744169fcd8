package dev.switchboard.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Brings the postgres schema to the newest version: the versioned SQL files {@code db/postgres/V<n>__<name>.sql}
 * listed in {@link #MIGRATIONS}, each applied once and recorded in {@code sb_history_schema_version}, all in one
 * transaction under an advisory lock, so history nodes starting together migrate once. A file, once released, is
 * never edited: a change is a new file.
 */
final class SchemaMigrator {

  /** In order; version n is the n-th entry. */
  static final List<String> MIGRATIONS = List.of("V1__history.sql", "V2__room_count.sql");
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final long LOCK = 0x5b_4157_4f52_59L;

  private final Vertx vertx;
  private final Pool pool;

  SchemaMigrator(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** The schema version after migrating. */
  Future<Integer> migrate() {
    return vertx.executeBlocking(() -> MIGRATIONS.stream().map(SchemaMigrator::read).toList())
        .compose(scripts -> pool.withTransaction(connection -> connection
            .query("SET LOCAL client_min_messages = warning").execute()
            .compose(v -> connection.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute())
            .compose(v -> connection.query("CREATE TABLE IF NOT EXISTS sb_history_schema_version ("
                + "version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute())
            .compose(v -> connection.query("SELECT coalesce(max(version), 0) FROM sb_history_schema_version").execute())
            .compose(rows -> apply(connection, scripts, rows.iterator().next().getInteger(0)))));
  }

  private Future<Integer> apply(SqlConnection connection, List<String> scripts, int current) {
    Future<Integer> done = Future.succeededFuture(current);
    for (int version = current + 1; version <= scripts.size(); version++) {
      int v = version;
      String name = MIGRATIONS.get(v - 1);
      done = done.compose(previous -> connection.query(scripts.get(v - 1)).execute()
          .compose(r -> connection.preparedQuery("INSERT INTO sb_history_schema_version (version, name) VALUES ($1, $2)")
              .execute(Tuple.of(v, name)))
          .map(r -> {
            LOG.info("history schema migrated [version: {}, file: {}]", v, name);
            return v;
          }));
    }
    return done;
  }

  private static String read(String name) {
    String resource = "db/postgres/" + name;
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int latest() {
    return MIGRATIONS.size();
  }

}
