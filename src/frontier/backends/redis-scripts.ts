// The Redis frontier's Lua scripts: every change of job state is one script, so it is atomic
// (Redis runs a script alone, and its writes reach the AOF together). The key layout they share
// is drawn in redis.ts. KEYS[1] is the job's prefix "trawl:{<job>}:"; the scripts derive every
// key from it, and all carry the same hash tag, so a Redis Cluster keeps a job on one slot.
//
// Time is the server's (TIME), never a client's: lease expiry, heartbeats and host politeness
// agree across machines whose clocks differ. The epoch-ms values a client passes (a retry's
// notBefore, a block's until) are compared with that clock.
//
// Scripts never fail half-way on valid input: the client checks every argument first.
import { PRELUDE } from './redis-lua-prelude.js';
import { SYNC_HOSTS } from './redis-sync-script.js';

/** Bump when the layout changes; a job written by another version is refused (redis.ts). */
export const LAYOUT_VERSION = '1';

/** ARGV: count, then 4 values per request (see insert). Returns how many were new. */
const ADD = `${PRELUDE}
return insert(2, tonumber(ARGV[1]))
`;

/**
 * ARGV: max, leaseMs, owner ("+name" or "-"), nonce, call, budgetKey ("" for none), budgetLimit.
 * Returns [id, entry, id, entry, …]. A call repeated with the same nonce and call number (its
 * reply was lost with the connection, and ioredis sent it again) gets the same leases back.
 */
const LEASE = `${PRELUDE}
local max, lease_ms, owner = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local nonce, call, bkey, blimit = ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
local token = nonce .. '-' .. call
local out = {}
local last = redis.call('HGET', P .. 'lc', nonce)
if last and string.sub(last, 1, #call + 1) == call .. ':' then
  for seq in string.gmatch(string.sub(last, #call + 2), '[^,]+') do
    local rec = redis.call('HGET', P .. 'l', seq)
    if rec then
      local held, _, e = lease_entry(rec)
      if held == token then
        out[#out + 1] = seq .. '.' .. token
        out[#out + 1] = e
      end
    end
  end
  return out
end
local now = now_ms()
settle(now)
local spent = 0
if bkey ~= '' then
  spent = tonumber(redis.call('HGET', P .. 'b', bkey) or '0')
  max = math.max(0, math.min(max, blimit - spent))
end
local seqs, recs, expiry = {}, {}, {}
local lease_until = now + lease_ms
local rec_head = ns(token) .. ns(owner)
local function grab(e)
  local seq = string.sub(e, 1, string.find(e, '\\t', 1, true) - 1)
  seqs[#seqs + 1] = seq
  out[#out + 1] = seq .. '.' .. token
  out[#out + 1] = e
  recs[#recs + 1] = seq
  recs[#recs + 1] = rec_head .. e
  expiry[#expiry + 1] = lease_until
  expiry[#expiry + 1] = seq
end
while #seqs < max do
  local prio = redis.call('ZREVRANGE', P .. 'pr', 0, 0)[1]
  if not prio then break end
  local list, back = P .. 'p:' .. prio, P .. 'r:' .. prio
  if redis.call('ZCARD', back) == 0 then
    local got = redis.call('LPOP', list, max - #seqs)
    if got then for _, e in ipairs(got) do grab(e) end end
  else
    -- Merge the two queues of this priority by seq: the order they were added in.
    while #seqs < max do
      local fresh = redis.call('LINDEX', list, 0)
      local head = redis.call('ZRANGE', back, 0, 0, 'WITHSCORES')
      if not fresh and #head == 0 then break end
      if #head > 0 and (not fresh or tonumber(head[2]) < tonumber((entry_head(fresh)))) then
        redis.call('ZREM', back, head[1])
        grab(head[1])
      else
        redis.call('LPOP', list)
        grab(fresh)
      end
    end
  end
  if redis.call('LLEN', list) == 0 and redis.call('ZCARD', back) == 0 then redis.call('ZREM', P .. 'pr', prio) end
end
if #seqs > 0 then
  each_slice(recs, 1000, function(...) redis.call('HSET', P .. 'l', ...) end)
  keep_lx_skiplist()
  each_slice(expiry, 1000, function(...) redis.call('ZADD', P .. 'lx', ...) end)
  redis.call('HINCRBY', P .. 'n', 'p', -#seqs)
  redis.call('HINCRBY', P .. 'n', 'l', #seqs)
  if bkey ~= '' then redis.call('HSET', P .. 'b', bkey, spent + #seqs) end
  redis.call('HSET', P .. 'lc', nonce, call .. ':' .. table.concat(seqs, ','))
end
return out
`;

/** ARGV: leaseMs, then lease ids. */
const RENEW = `${PRELUDE}
local now = now_ms()
local lease_until = now + tonumber(ARGV[1])
for i = 2, #ARGV do
  local seq = live_lease(ARGV[i], now)
  if seq then redis.call('ZADD', P .. 'lx', 'XX', lease_until, seq) end
end
return 0
`;

/**
 * ARGV, in sections each led by its count:
 *   done ids | failed (id, code, reason) | retry (id, notBefore) | added (4 values, see insert)
 *   | item groups (lease, n, n items) | ackMinId ("" for none) | hasCheckpoint, key, value
 * Returns how many added requests were new.
 */
const COMMIT = `${PRELUDE}
local now = now_ms()
local i = 1
local accepted = {}
-- Leases end at once in the tables below and leave l/lx together at the end; an id named twice
-- (done and failed, say) acts once.
local ended, ended_list = {}, {}
local function take(id)
  local seq, rec = live_lease(id, now)
  if not seq or ended[seq] then return nil end
  ended[seq] = true
  ended_list[#ended_list + 1] = seq
  return seq, rec
end
local done, failed, back = 0, 0, 0
local n = tonumber(ARGV[i])
for k = 1, n do
  if take(ARGV[i + k]) then
    accepted[ARGV[i + k]] = true
    done = done + 1
  end
end
i = i + 1 + n
n = tonumber(ARGV[i])
for k = 0, n - 1 do
  local j = i + 1 + 3 * k
  local seq, rec = take(ARGV[j])
  if seq then
    local _, _, e = lease_entry(rec)
    local order = redis.call('HINCRBY', P .. 'n', 'fseq', 1)
    redis.call('HSET', P .. 'fl', seq, ns(ARGV[j + 1]) .. ns(ARGV[j + 2]) .. e)
    redis.call('ZADD', P .. 'fz', order, seq)
    failed = failed + 1
  end
end
i = i + 1 + 3 * n
n = tonumber(ARGV[i])
for k = 0, n - 1 do
  local j = i + 1 + 2 * k
  local seq, rec = take(ARGV[j])
  if seq then
    local _, _, e = lease_entry(rec)
    local _, retries = entry_head(e)
    e = with_retries(e, retries + 1)
    local not_before = tonumber(ARGV[j + 1])
    if not_before > now then redis.call('ZADD', P .. 'w', not_before, e) else to_returned(e) end
    back = back + 1
  end
end
del_fields(P .. 'l', ended_list)
zrem(P .. 'lx', ended_list)
i = i + 1 + 2 * n
local added_first, added_count = i + 1, tonumber(ARGV[i])
i = i + 1 + 4 * added_count
n = tonumber(ARGV[i])
i = i + 1
for k = 1, n do
  local lease, count = ARGV[i], tonumber(ARGV[i + 1])
  if accepted[lease] then
    for j = i + 2, i + 1 + count do redis.call('XADD', P .. 'i', '*', 'd', ARGV[j]) end
  end
  i = i + 2 + count
end
if ARGV[i] ~= '' then redis.call('XTRIM', P .. 'i', 'MINID', ARGV[i]) end
if ARGV[i + 1] == '1' then redis.call('HSET', P .. 'ck', ARGV[i + 2], ARGV[i + 3]) end
if done + failed + back > 0 then
  redis.call('HINCRBY', P .. 'n', 'l', -(done + failed + back))
  if done > 0 then redis.call('HINCRBY', P .. 'n', 'd', done) end
  if failed > 0 then redis.call('HINCRBY', P .. 'n', 'f', failed) end
  if back > 0 then redis.call('HINCRBY', P .. 'n', 'p', back) end
end
return insert(added_first, added_count)
`;

/** ARGV: "all" or "owner", owner. Returns how many leases went back to pending. */
const RECLAIM = `${PRELUDE}
local all, owner = ARGV[1] == 'all', ARGV[2]
local recs = redis.call('HGETALL', P .. 'l')
local seqs = {}
for j = 1, #recs, 2 do
  local _, holder, e = lease_entry(recs[j + 1])
  if all or holder == '+' .. owner then
    to_returned(e)
    seqs[#seqs + 1] = recs[j]
  end
end
del_fields(P .. 'l', seqs)
zrem(P .. 'lx', seqs)
if #seqs > 0 then
  redis.call('HINCRBY', P .. 'n', 'l', -#seqs)
  redis.call('HINCRBY', P .. 'n', 'p', #seqs)
end
if not all then
  local origins = redis.call('SMEMBERS', P .. 'wh:' .. owner)
  for _, origin in ipairs(origins) do redis.call('HDEL', P .. 'hp:' .. origin, owner) end
  redis.call('DEL', P .. 'wh:' .. owner)
end
return #seqs
`;

/** Every failed request back to pending with retries reset. */
const RETRY_FAILED = `${PRELUDE}
local recs = redis.call('HGETALL', P .. 'fl')
for j = 2, #recs, 2 do
  local _, pos = read_ns(recs[j], 1)
  _, pos = read_ns(recs[j], pos)
  to_returned(with_retries(string.sub(recs[j], pos), 0))
end
local count = #recs / 2
if count > 0 then
  redis.call('DEL', P .. 'fl', P .. 'fz')
  redis.call('HINCRBY', P .. 'n', 'f', -count)
  redis.call('HINCRBY', P .. 'n', 'p', count)
end
return count
`;

/** Returns [pending, leased, done, failed, earliest waiting notBefore or ""]. */
const STATUS = `${PRELUDE}
local now = now_ms()
settle(now)
local c = redis.call('HMGET', P .. 'n', 'p', 'l', 'd', 'f')
local first = redis.call('ZRANGE', P .. 'w', 0, 0, 'WITHSCORES')
return { c[1] or '0', c[2] or '0', c[3] or '0', c[4] or '0', first[2] or '' }
`;

/** ARGV: limit (-1 for all). Returns [code, reason, entry, …], oldest failure first. */
const FAILURES = `${PRELUDE}
local limit = tonumber(ARGV[1])
local seqs = redis.call('ZRANGE', P .. 'fz', 0, limit < 0 and -1 or limit - 1)
local out = {}
for _, seq in ipairs(seqs) do
  local rec = redis.call('HGET', P .. 'fl', seq)
  if rec then
    local code, pos = read_ns(rec, 1)
    local reason
    reason, pos = read_ns(rec, pos)
    out[#out + 1] = code
    out[#out + 1] = reason
    out[#out + 1] = string.sub(rec, pos)
  end
end
return out
`;

/** ARGV: id, record JSON (without seenAt). */
const HEARTBEAT = `${PRELUDE}
redis.call('HSET', P .. 'wk', ARGV[1], ARGV[2])
redis.call('ZADD', P .. 'ws', now_ms(), ARGV[1])
return 0
`;

/** Returns [id, seenAt, record JSON, …], freshest first. */
const WORKERS = `${PRELUDE}
local seen = redis.call('ZREVRANGE', P .. 'ws', 0, -1, 'WITHSCORES')
local out = {}
for j = 1, #seen, 2 do
  local rec = redis.call('HGET', P .. 'wk', seen[j])
  if rec then
    out[#out + 1] = seen[j]
    out[#out + 1] = seen[j + 1]
    out[#out + 1] = rec
  end
end
return out
`;

/** ARGV: id. */
const REMOVE_WORKER = `${PRELUDE}
redis.call('HDEL', P .. 'wk', ARGV[1])
redis.call('ZREM', P .. 'ws', ARGV[1])
return 0
`;


/** Every script, by the name ioredis defines it under (one key: the job prefix). */
export const SCRIPTS = {
  trawlAdd: ADD,
  trawlLease: LEASE,
  trawlRenew: RENEW,
  trawlCommit: COMMIT,
  trawlReclaim: RECLAIM,
  trawlRetryFailed: RETRY_FAILED,
  trawlStatus: STATUS,
  trawlFailures: FAILURES,
  trawlHeartbeat: HEARTBEAT,
  trawlWorkers: WORKERS,
  trawlRemoveWorker: REMOVE_WORKER,
  trawlSyncHosts: `${PRELUDE}${SYNC_HOSTS}`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
