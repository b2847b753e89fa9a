// GCRA (the generic cell rate algorithm), the one rate limiter both the key resolver and the gateway edge use:
// one call per `intervalMs` on average, bursts of up to `burst`. The state is a single "theoretical arrival
// time" per key, so a check-and-take is one read and one write — in Redis, one Lua script.

/**
 * A Lua fragment for a script: expects `interval`, `burst` and the key's name in `GCRA_KEY` to be defined, reads
 * Redis TIME (so replicas share one clock), and sets `gcraWait` (0: a slot was taken; else ms until one is free).
 */
export const GCRA_LUA = `
local gcraWait = 0
do
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
  local tat = tonumber(redis.call('GET', GCRA_KEY) or '0')
  if tat < now then tat = now end
  local newTat = tat + interval
  local allowAt = newTat - burst * interval
  if allowAt > now then
    gcraWait = math.ceil(allowAt - now)
  else
    -- Not tostring: its 14 significant digits keep 0.1 ms of an epoch-ms time, and the rounding adds up over a
    -- burst until a call is admitted early.
    redis.call('SET', GCRA_KEY, string.format('%.4f', newTat), 'PX', math.ceil(newTat - now + interval))
  end
end
`;

/** The same step in JavaScript, for the in-process stores: returns the wait and the next state. */
export function gcraStep(tat: number, now: number, intervalMs: number, burst: number): { waitMs: number; tat: number } {
  const start = Math.max(tat, now);
  const allowAt = start + intervalMs - burst * intervalMs;
  if (allowAt > now) return { waitMs: Math.ceil(allowAt - now), tat };
  return { waitMs: 0, tat: start + intervalMs };
}
