// The Lua every Redis frontier script starts with (redis-scripts.ts): the job prefix, the
// server's clock, the entry and record formats, and the moves shared by several scripts
// (settling expired leases and due retries, inserting new requests).
//
//   entry          <seq>\t<retries>\t<priority>\t<data>\t<uniqueKey>     (redis-codec.ts)
//   lease record   <len>:<token><len>:<owner><entry>       owner is "+name" or "-"
//   failed record  <len>:<code><len>:<reason><entry>
export const PRELUDE = `
local P = KEYS[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function num(x) return string.format('%.17g', x) end
local function trunc(x) if x < 0 then return math.ceil(x) end return math.floor(x) end
-- "<len>:<bytes>" fields in front of an entry in lease and failure records
local function ns(s) return #s .. ':' .. s end
local function read_ns(s, pos)
  local colon = string.find(s, ':', pos, true)
  local len = tonumber(string.sub(s, pos, colon - 1))
  return string.sub(s, colon + 1, colon + len), colon + len + 1
end
-- entry: seq \\t retries \\t priority \\t data \\t key
local function entry_head(e)
  local a = string.find(e, '\\t', 1, true)
  local b = string.find(e, '\\t', a + 1, true)
  local c = string.find(e, '\\t', b + 1, true)
  return string.sub(e, 1, a - 1), tonumber(string.sub(e, a + 1, b - 1)), string.sub(e, b + 1, c - 1), a, b
end
local function with_retries(e, retries)
  local _, _, _, a, b = entry_head(e)
  return string.sub(e, 1, a) .. retries .. string.sub(e, b)
end
-- Variadic commands in slices: Lua's unpack() is limited to a few thousand values.
local function each_slice(list, size, fn)
  for i = 1, #list, size do fn(unpack(list, i, math.min(#list, i + size - 1))) end
end
local function del_fields(key, fields)
  each_slice(fields, 1000, function(...) redis.call('HDEL', key, ...) end)
end
local function zrem(key, members)
  each_slice(members, 1000, function(...) redis.call('ZREM', key, ...) end)
end
-- A request back among the pending ones, ready now: it keeps its place by seq.
local function to_returned(e)
  local seq, _, prio = entry_head(e)
  redis.call('ZADD', P .. 'r:' .. prio, seq, e)
  redis.call('ZADD', P .. 'pr', prio, prio)
end
local function lease_entry(rec)
  local token, pos = read_ns(rec, 1)
  local owner
  owner, pos = read_ns(rec, pos)
  return token, owner, string.sub(rec, pos)
end
-- The record of a lease id "<seq>.<token>" if that lease is still in force, else nil. The
-- token is compared in place, as the record's first field; lease_entry(rec) gives the entry.
local function live_lease(id, now)
  local seq, token = string.match(id, '^(%d+)%.(.+)$')
  if not seq then return nil end
  local rec = redis.call('HGET', P .. 'l', seq)
  if not rec then return nil end
  local head = #token .. ':' .. token
  if string.sub(rec, 1, #head) ~= head then return nil end
  local untl = redis.call('ZSCORE', P .. 'lx', seq)
  if not untl or tonumber(untl) <= now then return nil end
  return seq, rec
end
-- lx holds one member longer than zset-max-listpack-value at +inf, never expiring, so Redis
-- keeps it a skiplist: as a listpack (up to 128 members) each insert of a lease batch rewrote
-- the whole list, a third of the lease+commit time at batches of 100.
local LX_KEEP = 'keeps-this-sorted-set-a-skiplist-with-a-member-longer-than-64-bytes!'
local function keep_lx_skiplist()
  redis.call('ZADD', P .. 'lx', 'NX', '+inf', LX_KEEP)
end
-- Expired leases back to pending (all of them: counts depend on it), then ready retries.
local function settle(now)
  local expired = redis.call('ZRANGEBYSCORE', P .. 'lx', '-inf', now)
  if #expired > 0 then
    local back = 0
    for _, seq in ipairs(expired) do
      local rec = redis.call('HGET', P .. 'l', seq)
      if rec then
        local _, _, e = lease_entry(rec)
        to_returned(e)
        back = back + 1
      end
    end
    del_fields(P .. 'l', expired)
    zrem(P .. 'lx', expired)
    redis.call('HINCRBY', P .. 'n', 'l', -back)
    redis.call('HINCRBY', P .. 'n', 'p', back)
  end
  local ready = redis.call('ZRANGEBYSCORE', P .. 'w', '-inf', now, 'LIMIT', 0, 10000)
  if #ready > 0 then
    for _, e in ipairs(ready) do to_returned(e) end
    zrem(P .. 'w', ready)
  end
end
-- New requests, 4 values each from ARGV[first]: bucket, field, priority, entry without its seq.
local function insert(first, count)
  local fresh = {}
  for k = 0, count - 1 do
    local i = first + 4 * k
    if redis.call('HSETNX', P .. 'u:' .. ARGV[i], ARGV[i + 1], '') == 1 then fresh[#fresh + 1] = i end
  end
  if #fresh == 0 then return 0 end
  local seq = redis.call('HINCRBY', P .. 'n', 'seq', #fresh) - #fresh
  local lists, order = {}, {}
  for _, i in ipairs(fresh) do
    seq = seq + 1
    local prio = ARGV[i + 2]
    local list = lists[prio]
    if not list then
      list = {}
      lists[prio] = list
      order[#order + 1] = prio
    end
    -- %d: plain concatenation would write 1e+14 for large numbers
    list[#list + 1] = string.format('%d', seq) .. '\t' .. ARGV[i + 3]
  end
  for _, prio in ipairs(order) do
    each_slice(lists[prio], 1000, function(...) redis.call('RPUSH', P .. 'p:' .. prio, ...) end)
    redis.call('ZADD', P .. 'pr', prio, prio)
  end
  redis.call('HINCRBY', P .. 'n', 'p', #fresh)
  return #fresh
end
`;
