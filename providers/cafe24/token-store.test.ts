import { MemoryCafe24TokenStore } from './token-store';
import type { Cafe24Tokens } from './types';

const tokens = (accessToken: string, expiresAt: number): Cafe24Tokens => ({
  accessToken,
  accessTokenExpiresAt: new Date(expiresAt).toISOString(),
  refreshToken: `refresh-${accessToken}`,
  refreshTokenExpiresAt: new Date(expiresAt + 14 * 86_400_000).toISOString(),
});

describe('MemoryCafe24TokenStore', () => {
  it('returns tokens another caller refreshed meanwhile without refreshing again', async () => {
    const store = new MemoryCafe24TokenStore({ initial: tokens('a', Date.now() + 3_600_000) });
    const refresh = jest.fn(async () => tokens('b', Date.now() + 7_200_000));
    const [first, second] = await Promise.all([store.rotate('a', refresh), store.rotate('a', refresh)]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(first.accessToken).toBe('b');
    expect(second.accessToken).toBe('b');
  });

  it('refreshes when the stored token is the one the caller saw', async () => {
    const store = new MemoryCafe24TokenStore({ initial: tokens('a', Date.now() + 3_600_000) });
    const refresh = jest.fn(async () => tokens('b', Date.now() + 7_200_000));
    await store.rotate('a', refresh);
    expect(refresh).toHaveBeenCalledWith(expect.objectContaining({ accessToken: 'a' }));
    expect((await store.get())?.accessToken).toBe('b');
  });

  it('refreshes a stored token that has expired even if the caller saw another one', async () => {
    const store = new MemoryCafe24TokenStore({ initial: tokens('a', Date.now() - 1) });
    const refresh = jest.fn(async () => tokens('b', Date.now() + 7_200_000));
    await store.rotate(null, refresh);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stores the new tokens before the caller receives them', async () => {
    const store = new MemoryCafe24TokenStore();
    const result = await store.rotate(null, async () => tokens('b', Date.now() + 7_200_000));
    expect(await store.get()).toBe(result);
  });

  it('keeps working after a refresh failed', async () => {
    const store = new MemoryCafe24TokenStore();
    await expect(store.rotate(null, async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    await expect(store.rotate(null, async () => tokens('c', Date.now() + 1000))).resolves.toMatchObject({ accessToken: 'c' });
  });
});
