-- The postgres history store, version 2: a bound on the rooms of the store (history.maxRooms). Run once, in one
-- transaction, by SchemaMigrator.

-- how many rows sb_history_rooms has, in one row: a new room takes its place here first, so the row's lock orders the
-- making of new rooms (appends into existing rooms never touch it) and the bound holds exactly under concurrency
CREATE TABLE sb_history_room_count (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  rooms    bigint NOT NULL
);
INSERT INTO sb_history_room_count (rooms) SELECT count(*) FROM sb_history_rooms;

-- sb_history_append of version 1, bounded: a new room past p_max_rooms is refused (r_refused, nothing written).
-- Version 1's function stays for nodes not yet upgraded (the rooms they make are not counted).
CREATE FUNCTION sb_history_append(p_room text, p_id text, p_type text, p_envelope text, p_checksum bytea,
                                  p_now timestamptz, p_expires timestamptz, p_size integer, p_max_rooms bigint)
  RETURNS TABLE (r_epoch text, r_offset bigint, r_duplicate boolean, r_refused boolean)
  LANGUAGE plpgsql AS $$
DECLARE
  v_epoch   text;
  v_last    bigint;
  v_offset  bigint;
  v_expires timestamptz;
  v_rows    integer;
BEGIN
  SELECT r.epoch, r.last_offset INTO v_epoch, v_last FROM sb_history_rooms r WHERE r.room = p_room FOR UPDATE;
  IF NOT FOUND THEN
    UPDATE sb_history_room_count c SET rooms = c.rooms + 1 WHERE c.rooms < p_max_rooms;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
      RETURN QUERY SELECT NULL::text, 0::bigint, false, true;
      RETURN;
    END IF;
    INSERT INTO sb_history_rooms (room, epoch, last_offset)
      SELECT p_room, m.value, 0 FROM sb_history_meta m WHERE m.key = 'epoch'
      ON CONFLICT (room) DO NOTHING;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
      -- the room was made meanwhile by an append that counted it
      UPDATE sb_history_room_count c SET rooms = c.rooms - 1;
    END IF;
    SELECT r.epoch, r.last_offset INTO STRICT v_epoch, v_last FROM sb_history_rooms r WHERE r.room = p_room FOR UPDATE;
  END IF;

  SELECT e."offset", e.expires_at INTO v_offset, v_expires FROM sb_history_events e
    WHERE e.room = p_room AND e.id = p_id;
  IF FOUND THEN
    IF v_expires > p_now THEN
      RETURN QUERY SELECT v_epoch, v_offset, true, false;
      RETURN;
    END IF;
    DELETE FROM sb_history_events e WHERE e.room = p_room AND e.id = p_id;
  END IF;

  v_last := v_last + 1;
  UPDATE sb_history_rooms r SET last_offset = v_last WHERE r.room = p_room;
  INSERT INTO sb_history_events (room, "offset", id, epoch, type, envelope, checksum, created_at, expires_at)
    VALUES (p_room, v_last, p_id, v_epoch, p_type, p_envelope, p_checksum, p_now, p_expires);
  DELETE FROM sb_history_events e WHERE e.room = p_room AND e."offset" <= v_last - p_size;
  RETURN QUERY SELECT v_epoch, v_last, false, false;
END
$$;
