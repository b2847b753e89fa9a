// The sandbox's control surface, docs/contract.md "Provider sandbox control": counters, credentials, faults,
// orders and the clock. Every refusal names the field that was wrong and shows what was sent.
import { FAULT_KINDS, type FaultKind } from './faults';
import { json, parseJsonObject, type Reply } from './http';
import { MODULES, SANDBOX_PROVIDERS } from './registry';
import type { SandboxState } from './state';

const MARKETPLACES = MODULES.flatMap((m) => (m.marketplace ? [m.marketplace.name] : []));

class BadInput extends Error {}
const bad = (message: string): never => {
  throw new BadInput(message);
};
const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

function oneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[], fallback?: T): T {
  const value = body[field] ?? fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return bad(`${field} must be one of ${allowed.join(', ')}, but got ${show(body[field])}`);
}

function numberIn(body: Record<string, unknown>, field: string, min: number, max: number, integer: boolean): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    return bad(`${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, but got ${show(value)}`);
  }
  return value;
}

function credentials(state: SandboxState, body: Record<string, unknown>): Reply {
  const provider = oneOf(body, 'provider', SANDBOX_PROVIDERS);
  const given = body.credentials as Record<string, unknown> | undefined;
  if (!given || typeof given !== 'object') return bad(`credentials must be an object, but got ${show(given)}`);
  const module = MODULES.find((m) => m.provider === provider);
  const fields = module?.credentialFields;
  if (!module || !fields) return bad(`provider ${provider} is not served by the sandbox yet`);
  for (const field of fields) {
    if (typeof given[field] !== 'string' || given[field] === '') {
      bad(`credentials.${field} must be a non-empty string for ${provider}, but got ${show(given[field])}`);
    }
  }
  module.registerCredentials(state, given as Record<string, string>);
  return json(200, { ok: true, provider });
}

function faults(state: SandboxState, body: Record<string, unknown>): Reply {
  const provider = oneOf(body, 'provider', SANDBOX_PROVIDERS);
  const kind: FaultKind = oneOf(body, 'kind', FAULT_KINDS);
  const rate = numberIn(body, 'rate', 0, 1, false) ?? 1;
  const count = numberIn(body, 'count', 1, Number.MAX_SAFE_INTEGER, true);
  const latencyMs = numberIn(body, 'latencyMs', 0, 120_000, true);
  state.faults.set({ provider, kind, rate, count, latencyMs });
  return json(200, { faults: state.faults.list() });
}

function orders(state: SandboxState, body: Record<string, unknown>): Reply {
  const marketplace = oneOf(body, 'marketplace', MARKETPLACES);
  const count = numberIn(body, 'count', 1, 1000, true) ?? 1;
  const served = MODULES.find((m) => m.marketplace?.name === marketplace)?.marketplace;
  if (!served) return json(400, { error: 'marketplace not served yet' });
  const events = served.events ?? {};
  const kind = oneOf(body, 'kind', ['new', 'status_change', ...Object.keys(events)], 'new');
  if (kind === 'new') return json(200, { created: served.create(state, count) });
  return json(200, { changed: kind === 'status_change' ? served.changeStatus(state, count) : events[kind](state, count) });
}

function clock(state: SandboxState, body: Record<string, unknown>): Reply {
  const advanceMs = numberIn(body, 'advanceMs', 0, Number.MAX_SAFE_INTEGER, false);
  if (advanceMs === undefined) return bad('advanceMs must be a number of milliseconds >= 0, but got nothing');
  return json(200, { now: state.clock.advance(advanceMs) });
}

function reset(state: SandboxState): Reply {
  state.calls.reset();
  state.faults.clear();
  // Throttle windows are counters too: a test that starts from reset starts with empty buckets.
  for (const module of MODULES) module.reset?.(state);
  return json(200, { ok: true });
}

const POST_ROUTES: Record<string, (state: SandboxState, body: Record<string, unknown>) => Reply> = {
  '/__sandbox/credentials': credentials,
  '/__sandbox/faults': faults,
  '/__sandbox/orders': orders,
  '/__sandbox/clock': clock,
  '/__sandbox/reset': (state) => reset(state),
  // Modules' own control endpoints (SandboxModule.control), e.g. a bank's deposits.
  ...(Object.fromEntries(MODULES.flatMap((m) => Object.entries(m.control ?? {}))) as Record<string, (state: SandboxState, body: Record<string, unknown>) => Reply>),
};

/** Answers a `/__sandbox/...` request. */
export function handleControl(state: SandboxState, method: string, path: string, rawBody: string): Reply {
  if (method === 'GET' && path === '/__sandbox/calls') return json(200, state.calls.snapshot());
  if (method === 'GET' && path === '/__sandbox/faults') return json(200, { faults: state.faults.list() });
  if (method === 'GET' && path === '/__sandbox/clock') return json(200, { now: state.clock.now() });
  const route = method === 'POST' ? POST_ROUTES[path] : undefined;
  if (!route) return json(404, { error: `no control endpoint ${method} ${path}` });
  const body = rawBody.trim() === '' ? {} : parseJsonObject(rawBody);
  if (!body) return json(400, { error: 'body must be a JSON object' });
  try {
    return route(state, body);
  } catch (error) {
    if (error instanceof BadInput) return json(400, { error: error.message });
    throw error;
  }
}
