// Coupang WING Open API, providers/coupang/README.md (Rate limit): about 10 calls per second per vendorId; past that the
// vendor is refused with 429 for a while (Coupang says minutes; the sandbox blocks one minute of its clock).
import type { SandboxState } from '../state';
import { coupangStore } from './store';

export const CALLS_PER_SECOND = 10;
export const BLOCK_MS = 60_000;

/** Counts one call of the vendor; false when it is over the limit or still blocked. */
export function admitCall(state: SandboxState, vendorId: string): boolean {
  const store = coupangStore(state);
  const now = state.clock.now();
  const window = store.windows.get(vendorId) ?? { calls: [], blockedUntil: 0 };
  store.windows.set(vendorId, window);
  if (now < window.blockedUntil) return false;
  window.calls = window.calls.filter((at) => at > now - 1000);
  if (window.calls.length >= CALLS_PER_SECOND) {
    window.blockedUntil = now + BLOCK_MS;
    return false;
  }
  window.calls.push(now);
  return true;
}

export function resetThrottle(state: SandboxState): void {
  coupangStore(state).windows.clear();
}
