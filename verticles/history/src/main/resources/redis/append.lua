-- Appends one event to a room's log, or answers the retained event with the same id (RoomLog's rules, on the server).
-- KEYS[1] room meta   hash   {epoch, last}: the room's epoch and the last offset given out; never expires, so offsets
--                             are never reused within an epoch (like RoomLog, a room keeps a few dozen bytes for ever)
-- KEYS[2] room log    stream entry id "<offset>-0", fields t (appended, ms), i (event id), e (envelope text without
--                             offset/epoch)
-- KEYS[3] room ids    hash   event id -> offset, for the retained events only
-- KEYS[4] store epoch string the epoch a new room takes (made here when the store has none: a lost store is a new epoch)
-- KEYS[5] store rooms set    the names of the rooms the store holds, for history.maxRooms (a room is never removed,
--                             as its meta is not); a room written before this set existed joins it on its next append
-- ARGV[1] event id, ARGV[2] envelope, ARGV[3] now (ms), ARGV[4] size, ARGV[5] time to live (ms),
-- ARGV[6] a fresh epoch, used only if the store has none, ARGV[7] the most rooms the store may hold
-- Returns {epoch, offset, 0} for an append, {epoch, offset, 1} for a duplicate, {'', 0, 2} for a new room refused
-- because the store already holds ARGV[7] rooms.
local meta, log, ids = KEYS[1], KEYS[2], KEYS[3]
local id, now, size, ttl = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])

local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
  if redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[7]) then
    return {'', 0, 2}
  end
  epoch = redis.call('GET', KEYS[4])
  if not epoch then
    epoch = ARGV[6]
    redis.call('SET', KEYS[4], epoch)
  end
  redis.call('HSET', meta, 'epoch', epoch, 'last', 0)
end
redis.call('SADD', KEYS[5], KEYS[1])

local function drop(entry)
  redis.call('XDEL', log, entry[1])
  redis.call('HDEL', ids, entry[2][4])
end

-- age: drop the oldest events while they are older than the time to live
local cutoff = now - ttl
local done = false
while not done do
  local batch = redis.call('XRANGE', log, '-', '+', 'COUNT', 32)
  if #batch == 0 then
    break
  end
  for _, entry in ipairs(batch) do
    if tonumber(entry[2][2]) < cutoff then
      drop(entry)
    else
      done = true
      break
    end
  end
end

local existing = redis.call('HGET', ids, id)
if existing then
  return {epoch, tonumber(existing), 1}
end

-- size: make room for the new event
local excess = redis.call('XLEN', log) - size + 1
if excess > 0 then
  for _, entry in ipairs(redis.call('XRANGE', log, '-', '+', 'COUNT', excess)) do
    drop(entry)
  end
end

local offset = redis.call('HINCRBY', meta, 'last', 1)
redis.call('XADD', log, offset .. '-0', 't', ARGV[3], 'i', id, 'e', ARGV[2])
redis.call('HSET', ids, id, offset)
-- an idle room's events and ids go when its last event would have expired
redis.call('PEXPIRE', log, ttl)
redis.call('PEXPIRE', ids, ttl)
return {epoch, offset, 0}
