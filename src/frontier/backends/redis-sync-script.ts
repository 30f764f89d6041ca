// syncHosts in Lua: the job-wide politeness rule of src/frontier/host-gate.ts (decideHost,
// applyBlocksAndDelays), step for step, over the state the Redis frontier keeps per host. Any
// change to that rule must be made in both places; test/unit/frontier/redis-hosts.test.ts
// replays random sequences of syncs against both and compares every grant.
//
//   hs            hash  origin → "<nextStart>\t<blockedUntil>\t<delayMs>"
//   hp:<origin>   hash  worker → "<held>\t<askedAt>"       (permits per worker)
//   wh:<worker>   set   origins where the worker has a permit row (reclaimWorker drops them)
//   ws            zset  worker → last heartbeat (liveness: now - seenAt < staleMs)
//
// Runs after the PRELUDE of redis-lua-prelude.ts. ARGV:
//   worker, perHost, delayMs, staleMs, interestMs, startSlackMs,
//   nHosts, (origin, want, release)…, nBlocks, (origin, until)…, nDelays, (origin, delayMs)…
// Returns [now, (origin, granted, held, excess, readyAt)…] as strings (exact numbers).
export const SYNC_HOSTS = `
local worker = ARGV[1]
local per_host, delay_ms, stale_ms, interest_ms = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local start_slack = tonumber(ARGV[6])
local now = now_ms()
local hosts = {}
local function host_for(origin)
  local h = hosts[origin]
  if not h then
    local saved = redis.call('HGET', P .. 'hs', origin)
    h = { next_start = 0, blocked = 0, delay = 0, saved = saved or num(0) .. '\\t' .. num(0) .. '\\t' .. num(0) }
    if saved then
      local a, b, c = string.match(saved, '^([^\\t]*)\\t([^\\t]*)\\t(.*)$')
      h.next_start, h.blocked, h.delay = tonumber(a), tonumber(b), tonumber(c)
    end
    hosts[origin] = h
  end
  return h
end
local live = {}
local function is_live(w)
  local v = live[w]
  if v == nil then
    local seen = redis.call('ZSCORE', P .. 'ws', w)
    v = seen ~= false and now - tonumber(seen) < stale_ms
    live[w] = v
  end
  return v
end

local i = 7
local n_hosts = tonumber(ARGV[i])
local wants = i + 1
i = i + 1 + 3 * n_hosts
-- applyBlocksAndDelays: a block only ever moves later; a delay is replaced.
local n = tonumber(ARGV[i])
for k = 0, n - 1 do
  local h = host_for(ARGV[i + 1 + 2 * k])
  local untl = tonumber(ARGV[i + 2 + 2 * k])
  if untl > h.blocked then h.blocked = trunc(untl) end
end
i = i + 1 + 2 * n
n = tonumber(ARGV[i])
for k = 0, n - 1 do
  host_for(ARGV[i + 1 + 2 * k]).delay = math.max(0, trunc(tonumber(ARGV[i + 2 + 2 * k])))
end

local out = { num(now) }
for k = 0, n_hosts - 1 do
  local origin = ARGV[wants + 3 * k]
  local want, release = tonumber(ARGV[wants + 3 * k + 1]), tonumber(ARGV[wants + 3 * k + 2])
  local h = host_for(origin)
  local permits = P .. 'hp:' .. origin
  -- decideHost
  local rows = redis.call('HGETALL', permits)
  local held, asked = 0, 0
  local others_in_flight, others_interested = 0, 0
  for j = 1, #rows, 2 do
    local a, b = string.match(rows[j + 1], '^([^\\t]*)\\t(.*)$')
    local their_held, their_asked = tonumber(a), tonumber(b)
    if rows[j] == worker then
      held, asked = their_held, their_asked
    elseif is_live(rows[j]) then
      others_in_flight = others_in_flight + their_held
      if their_held > 0 or now - their_asked < interest_ms then others_interested = others_interested + 1 end
    end
  end
  held = math.max(0, held - math.max(0, trunc(release)))
  if want > 0 then asked = now end
  local in_flight = held + others_in_flight
  local interested = others_interested
  if held > 0 or now - asked < interest_ms then interested = interested + 1 end
  local share = math.ceil(per_host / math.max(1, interested))
  local delay = math.max(delay_ms, h.delay)
  local granted, ready_at = 0, 0
  if h.blocked > now then
    ready_at = h.blocked
  elseif delay > 0 and h.next_start > now then
    ready_at = h.next_start
  elseif want > 0 then
    granted = math.max(0, math.min(want, per_host - in_flight, share - held))
    if delay > 0 then
      granted = math.min(granted, 1)
      if granted > 0 then h.next_start = now + delay + start_slack end
    end
  end
  held = held + granted
  if held == 0 and want == 0 then
    redis.call('HDEL', permits, worker)
    redis.call('SREM', P .. 'wh:' .. worker, origin)
  else
    redis.call('HSET', permits, worker, num(held) .. '\\t' .. num(asked))
    redis.call('SADD', P .. 'wh:' .. worker, origin)
  end
  out[#out + 1] = origin
  out[#out + 1] = num(granted)
  out[#out + 1] = num(held)
  out[#out + 1] = num(math.max(0, held - share))
  out[#out + 1] = num(ready_at)
end
for origin, h in pairs(hosts) do
  local state = num(h.next_start) .. '\\t' .. num(h.blocked) .. '\\t' .. num(h.delay)
  if state ~= h.saved then redis.call('HSET', P .. 'hs', origin, state) end
end
return out
`;
