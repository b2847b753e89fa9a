// Call counters behind `GET /__sandbox/calls` (docs/contract.md "Provider sandbox control").
// Tests assert on them to prove a cache, a batch or a key rotation really saved or spread provider calls.

export interface ProviderCalls {
  total: number;
  byEndpoint: Record<string, number>;
  byCredential: Record<string, number>;
}

export interface CallLog {
  /** `endpoint` is `METHOD /real/provider/path/{param}`; `credential` the secret presented, if any. */
  record(provider: string, endpoint: string, credential: string | undefined): void;
  snapshot(): Record<string, ProviderCalls>;
  reset(): void;
}

export function createCallLog(providers: readonly string[]): CallLog {
  let counts = new Map<string, ProviderCalls>();
  const entry = (provider: string): ProviderCalls => {
    let calls = counts.get(provider);
    if (!calls) {
      calls = { total: 0, byEndpoint: {}, byCredential: {} };
      counts.set(provider, calls);
    }
    return calls;
  };
  return {
    record(provider, endpoint, credential) {
      const calls = entry(provider);
      calls.total += 1;
      calls.byEndpoint[endpoint] = (calls.byEndpoint[endpoint] ?? 0) + 1;
      // Only the last 4 characters: enough to tell keys apart, never enough to leak one into a log.
      if (credential) {
        const tail = credential.slice(-4);
        calls.byCredential[tail] = (calls.byCredential[tail] ?? 0) + 1;
      }
    },
    snapshot() {
      const out: Record<string, ProviderCalls> = {};
      for (const provider of providers) entry(provider);
      for (const [provider, calls] of counts) out[provider] = structuredClone(calls);
      return out;
    },
    reset() {
      counts = new Map();
    },
  };
}
