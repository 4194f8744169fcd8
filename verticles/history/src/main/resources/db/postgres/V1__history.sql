-- The postgres history store, version 1. Run once, in one transaction, by SchemaMigrator.

-- key/value facts of the store: 'epoch' names this store's life (a new room takes it)
CREATE TABLE sb_history_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- one row per room ever written: its epoch and the last offset given out (the row lock serialises appends)
CREATE TABLE sb_history_rooms (
  room        text PRIMARY KEY,
  epoch       text NOT NULL,
  last_offset bigint NOT NULL
);

-- the retained events; envelope is the JSON text the broadcaster built, without offset/epoch (spliced on replay),
-- checksum the SHA-256 of that text's UTF-8 bytes, verified on every replay
CREATE TABLE sb_history_events (
  room       text NOT NULL,
  "offset"   bigint NOT NULL,
  id         text NOT NULL,
  epoch      text NOT NULL,
  type       text NOT NULL,
  envelope   text NOT NULL,
  checksum   bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (room, "offset"),
  CONSTRAINT sb_history_events_room_id UNIQUE (room, id)
);

-- the retention cleanup deletes by expiry across rooms
CREATE INDEX sb_history_events_expires ON sb_history_events (expires_at);

-- Appends one event, or answers the retained event with the same id (RoomLog's rules): one round trip, one
-- transaction, the room's row locked while its offset is taken.
CREATE FUNCTION sb_history_append(p_room text, p_id text, p_type text, p_envelope text, p_checksum bytea,
                                  p_now timestamptz, p_expires timestamptz, p_size integer)
  RETURNS TABLE (r_epoch text, r_offset bigint, r_duplicate boolean)
  LANGUAGE plpgsql AS $$
DECLARE
  v_epoch   text;
  v_last    bigint;
  v_offset  bigint;
  v_expires timestamptz;
BEGIN
  SELECT r.epoch, r.last_offset INTO v_epoch, v_last FROM sb_history_rooms r WHERE r.room = p_room FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO sb_history_rooms (room, epoch, last_offset)
      SELECT p_room, m.value, 0 FROM sb_history_meta m WHERE m.key = 'epoch'
      ON CONFLICT (room) DO NOTHING;
    SELECT r.epoch, r.last_offset INTO STRICT v_epoch, v_last FROM sb_history_rooms r WHERE r.room = p_room FOR UPDATE;
  END IF;

  SELECT e."offset", e.expires_at INTO v_offset, v_expires FROM sb_history_events e
    WHERE e.room = p_room AND e.id = p_id;
  IF FOUND THEN
    IF v_expires > p_now THEN
      RETURN QUERY SELECT v_epoch, v_offset, true;
      RETURN;
    END IF;
    DELETE FROM sb_history_events e WHERE e.room = p_room AND e.id = p_id;
  END IF;

  v_last := v_last + 1;
  UPDATE sb_history_rooms r SET last_offset = v_last WHERE r.room = p_room;
  INSERT INTO sb_history_events (room, "offset", id, epoch, type, envelope, checksum, created_at, expires_at)
    VALUES (p_room, v_last, p_id, v_epoch, p_type, p_envelope, p_checksum, p_now, p_expires);
  DELETE FROM sb_history_events e WHERE e.room = p_room AND e."offset" <= v_last - p_size;
  RETURN QUERY SELECT v_epoch, v_last, false;
END
$$;

-- What a replay needs, from one snapshot (STABLE: the calling query's): a first row with the room's epoch, last
-- offset and oldest kept offset (last + 1 when none), then at most p_limit kept events after p_since (or the newest),
-- ascending. The window itself is decided by the store's ReplayWindow, as in every store.
CREATE FUNCTION sb_history_read(p_room text, p_since bigint, p_limit integer, p_now timestamptz)
  RETURNS TABLE (r_epoch text, r_last bigint, r_oldest bigint, r_offset bigint, r_envelope text, r_checksum bytea)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_epoch  text;
  v_last   bigint;
  v_oldest bigint;
BEGIN
  SELECT r.epoch, r.last_offset INTO v_epoch, v_last FROM sb_history_rooms r WHERE r.room = p_room;
  IF NOT FOUND THEN
    RETURN QUERY SELECT m.value, 0::bigint, 1::bigint, NULL::bigint, NULL::text, NULL::bytea
      FROM sb_history_meta m WHERE m.key = 'epoch';
    RETURN;
  END IF;
  SELECT e."offset" INTO v_oldest FROM sb_history_events e
    WHERE e.room = p_room AND e.expires_at > p_now ORDER BY e."offset" LIMIT 1;
  v_oldest := coalesce(v_oldest, v_last + 1);
  RETURN QUERY SELECT v_epoch, v_last, v_oldest, NULL::bigint, NULL::text, NULL::bytea;
  IF p_since IS NULL THEN
    RETURN QUERY SELECT v_epoch, v_last, v_oldest, s."offset", s.envelope, s.checksum FROM (
      SELECT e."offset", e.envelope, e.checksum FROM sb_history_events e
        WHERE e.room = p_room AND e."offset" >= v_oldest ORDER BY e."offset" DESC LIMIT p_limit) s
      ORDER BY s."offset";
  ELSE
    RETURN QUERY SELECT v_epoch, v_last, v_oldest, e."offset", e.envelope, e.checksum FROM sb_history_events e
      WHERE e.room = p_room AND e."offset" >= greatest(p_since + 1, v_oldest) ORDER BY e."offset" LIMIT p_limit;
  END IF;
END
$$;
