// Injected failures behind `POST /__sandbox/faults` (docs/contract.md "Provider sandbox control").
// The choice of affected calls is deterministic (call n is hit when floor(n*rate) grows), so a test
// that sets rate 0.5 knows exactly that every second call fails: no flaky retries-by-luck.

export const FAULT_KINDS = ['rate_limit', 'server_error', 'timeout', 'latency', 'auth_failure'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Faults answered with a provider-shaped reply (timeout and latency are handled by the server). */
export type ReplyFaultKind = 'rate_limit' | 'server_error' | 'auth_failure';

export interface FaultSpec {
  provider: string;
  kind: FaultKind;
  rate: number;
  count?: number;
  latencyMs?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  remaining: number | undefined;
}

/** What the faults decided for one call: extra delay, and at most one failure to answer with. */
export interface FaultDraw {
  latencyMs: number;
  failure?: Exclude<FaultKind, 'latency'>;
}

export interface FaultBook {
  /** Adds or replaces the fault of that provider and kind; rate 0 removes it. */
  set(spec: FaultSpec): void;
  draw(provider: string): FaultDraw;
  list(): Array<FaultSpec & { remaining?: number }>;
  clear(): void;
}

export const DEFAULT_LATENCY_MS = 1000;

export function createFaultBook(): FaultBook {
  const faults = new Map<string, ActiveFault>();
  const keyOf = (provider: string, kind: FaultKind) => `${provider}:${kind}`;
  return {
    set(spec) {
      const key = keyOf(spec.provider, spec.kind);
      if (spec.rate === 0) faults.delete(key);
      else faults.set(key, { spec, seen: 0, remaining: spec.count });
    },
    draw(provider) {
      const draw: FaultDraw = { latencyMs: 0 };
      for (const [key, fault] of faults) {
        if (fault.spec.provider !== provider) continue;
        fault.seen += 1;
        const { rate } = fault.spec;
        // The epsilon keeps 0.3 * 10 from landing on 2.9999… and shifting which call is hit.
        const hits = Math.floor(fault.seen * rate + 1e-9) > Math.floor((fault.seen - 1) * rate + 1e-9);
        if (!hits) continue;
        if (fault.spec.kind === 'latency') draw.latencyMs += fault.spec.latencyMs ?? DEFAULT_LATENCY_MS;
        else if (!draw.failure) draw.failure = fault.spec.kind;
        else continue; // a fault that did not act is not used up
        if (fault.remaining !== undefined && --fault.remaining <= 0) faults.delete(key);
      }
      return draw;
    },
    list() {
      return [...faults.values()].map((f) => ({ ...f.spec, ...(f.remaining !== undefined ? { remaining: f.remaining } : {}) }));
    },
    clear() {
      faults.clear();
    },
  };
}
