-- Reads what a replay needs from a room's log, in one consistent step (keys as in append.lua):
-- KEYS[1] room meta, KEYS[2] room log, KEYS[3] store epoch
-- ARGV[1] since ('' for the newest events), ARGV[2] limit, ARGV[3] now (ms), ARGV[4] time to live (ms),
-- ARGV[5] a fresh epoch, used only if the store has none
-- Returns {epoch, last offset, oldest offset kept (last + 1 when none), {offset, envelope, ...}} where the events are
-- at most limit kept ones after since (or the newest), ascending; the window itself is decided by ReplayWindow.
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  local storeEpoch = redis.call('GET', KEYS[3])
  if not storeEpoch then
    storeEpoch = ARGV[5]
    redis.call('SET', KEYS[3], storeEpoch)
  end
  return {storeEpoch, 0, 1, {}}
end
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local cutoff = tonumber(ARGV[3]) - tonumber(ARGV[4])
local limit = tonumber(ARGV[2])

-- the oldest kept event: the first, from the oldest, that has not expired
local oldest = last + 1
local from = '-'
while true do
  local batch = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', 32)
  local found = false
  for _, entry in ipairs(batch) do
    if tonumber(entry[2][2]) >= cutoff then
      oldest = tonumber(string.match(entry[1], '^%d+'))
      found = true
      break
    end
  end
  if found or #batch < 32 then
    break
  end
  from = '(' .. batch[#batch][1]
end

local events = {}
if oldest <= last then
  if ARGV[1] == '' then
    local batch = redis.call('XREVRANGE', KEYS[2], '+', oldest .. '-0', 'COUNT', limit)
    for i = #batch, 1, -1 do
      events[#events + 1] = tonumber(string.match(batch[i][1], '^%d+'))
      events[#events + 1] = batch[i][2][6]
    end
  else
    local start = math.max(tonumber(ARGV[1]) + 1, oldest)
    if start <= last then
      for _, entry in ipairs(redis.call('XRANGE', KEYS[2], start .. '-0', '+', 'COUNT', limit)) do
        events[#events + 1] = tonumber(string.match(entry[1], '^%d+'))
        events[#events + 1] = entry[2][6]
      end
    end
  end
end
return {epoch, last, oldest, events}
