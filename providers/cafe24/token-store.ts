// Where Cafe24 OAuth tokens live between calls, following providers/cafe24/README.md (Cafe24 Admin API):
// access tokens last 2 h and every refresh ROTATES the refresh token, invalidating the old one.
import type { KeySession } from '../descriptor';
import type { Cafe24Tokens } from './types';

/**
 * Contract every implementation keeps (the in-memory one below, the PostgreSQL one in production):
 *
 * - `get()` returns the stored tokens, or null before the mall was ever connected. No lock.
 * - `rotate(seenAccessToken, refresh)` takes a lock (per mall), then re-reads the stored tokens.
 *   If they differ from `seenAccessToken` and their access token has not expired, another caller or
 *   replica refreshed while we waited: return them WITHOUT calling `refresh`.
 *   Otherwise call `refresh(current)`, PERSIST its result, and only then return it and release the lock.
 *
 * Why persist before use: Cafe24 invalidates the old refresh token the moment it issues a new one. If a
 * process used the new tokens before storing them and then crashed, the only valid refresh token would
 * be lost and the seller would have to reconnect the mall by hand.
 * Why the lock: two refreshes racing with the same refresh token means the second one is refused
 * (invalid_grant) and, worse, may overwrite the good tokens with nothing.
 */
export interface Cafe24TokenStore {
  get(): Promise<Cafe24Tokens | null>;
  rotate(
    seenAccessToken: string | null,
    refresh: (current: Cafe24Tokens | null) => Promise<Cafe24Tokens>,
  ): Promise<Cafe24Tokens>;
}

export interface MemoryCafe24TokenStoreOptions {
  initial?: Cafe24Tokens | null;
  now?: () => number;
}

/** One process, one mall: the lock is a promise chain. For tests and single-replica development. */
export class MemoryCafe24TokenStore implements Cafe24TokenStore {
  private tokens: Cafe24Tokens | null;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  /** How many times `refresh` actually ran; tests read it to prove concurrent callers shared one refresh. */
  refreshCount = 0;

  constructor(options: MemoryCafe24TokenStoreOptions = {}) {
    this.tokens = options.initial ?? null;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<Cafe24Tokens | null> {
    return this.tokens;
  }

  rotate(
    seenAccessToken: string | null,
    refresh: (current: Cafe24Tokens | null) => Promise<Cafe24Tokens>,
  ): Promise<Cafe24Tokens> {
    const run = this.lock.then(async () => {
      const current = this.tokens;
      if (current && current.accessToken !== seenAccessToken && Date.parse(current.accessTokenExpiresAt) > this.now()) {
        return current;
      }
      this.refreshCount += 1;
      const next = await refresh(current);
      this.tokens = next;
      return next;
    });
    // A failed refresh must not wedge the queue for the next caller.
    this.lock = run.catch(() => undefined);
    return run;
  }
}

const SESSION_EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/** The tokens kept sealed on the key's row (keyring sessions): rotation happens under that row's lock. */
export function sessionTokenStore(session: KeySession): Cafe24TokenStore {
  return {
    get: () => session.read<Cafe24Tokens>(),
    rotate: (seenAccessToken, refresh) =>
      session.update<Cafe24Tokens>(async (current) => {
        const refreshedElsewhere =
          current !== null &&
          current.accessToken !== seenAccessToken &&
          Date.parse(current.accessTokenExpiresAt) - Date.now() > SESSION_EXPIRY_MARGIN_MS;
        return refreshedElsewhere ? current : refresh(current);
      }),
  };
}
