// Toss Payments cancel and confirm, providers/toss/README.md ("Cancel", "Confirm", "Idempotency"): the cancels each
// payment has had, and the answers given to each Idempotency-Key, which Toss replays for the same key (same status,
// same body) without doing the work again. Module state: state.ts's Payment stays the seeded approval.
import { moduleState } from '../module-state';
import type { Reply } from '../http';
import type { SandboxState } from '../state';

export interface TossCancelRecord {
  cancelAmount: number;
  cancelReason: string;
  canceledAt: number;
  transactionKey: string;
  refundableAmount: number;
}

interface TossActions {
  /** by paymentKey */
  cancels: Map<string, TossCancelRecord[]>;
  /** by (secret key, Idempotency-Key, method, path): the first answer. */
  idempotent: Map<string, { reply: Reply }>;
}

export const tossActions = (state: SandboxState) =>
  moduleState<TossActions>(state, 'toss:actions', () => ({ cancels: new Map(), idempotent: new Map() }));

export const cancelsOf = (state: SandboxState, paymentKey: string): TossCancelRecord[] => tossActions(state).cancels.get(paymentKey) ?? [];

export function recordCancel(state: SandboxState, paymentKey: string, record: TossCancelRecord): void {
  const actions = tossActions(state);
  actions.cancels.set(paymentKey, [...(actions.cancels.get(paymentKey) ?? []), record]);
}

/**
 * Runs `handler` once per Idempotency-Key: Toss keys idempotency on (Idempotency-Key, secret key, URL, method), not on
 * the body (providers/toss/README.md "Idempotency"), and replays the first answer for the same combination.
 */
export function idempotent(
  state: SandboxState, owner: string, key: string | undefined, request: { method: string; path: string }, handler: () => Reply,
): Reply {
  if (!key) return handler();
  const { idempotent: answers } = tossActions(state);
  const slot = [owner, key, request.method, request.path].join('\u0000');
  const seen = answers.get(slot);
  if (seen) return seen.reply;
  const reply = handler();
  // Server failures are not stored: Toss has not done the work, so a retry must be able to.
  if (reply.status < 500) answers.set(slot, { reply });
  return reply;
}
