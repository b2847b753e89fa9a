import { Lru, lruKeyValueCache } from './lru';

describe('Lru', () => {
  test('holds at most its size, dropping the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recently used
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  test('stays bounded under 20,000 distinct keys', () => {
    const lru = new Lru<string, object>(1000);
    for (let i = 0; i < 20_000; i++) lru.set(`operation-${i}`, { i });
    expect(lru.size).toBe(1000);
    expect(lru.get('operation-19999')).toEqual({ i: 19999 });
    expect(lru.get('operation-0')).toBeUndefined();
  });

  test('refuses a size below 1, showing the value', () => {
    expect(() => new Lru(0)).toThrow('An LRU cache needs a size of at least 1, but got 0');
  });
});

describe('lruKeyValueCache (Apollo Server\'s document store, @apollo/gateway\'s query plan store)', () => {
  test('holds at most its size under 20,000 distinct keys, least recently used out first', async () => {
    const cache = lruKeyValueCache<object>(1000);
    for (let i = 0; i < 20_000; i++) await cache.set(`document-${i}`, { i });
    expect(cache.size).toBe(1000);
    expect(await cache.get('document-19999')).toEqual({ i: 19999 });
    expect(await cache.get('document-18999')).toBeUndefined();
    expect(await cache.delete('document-19999')).toBe(true);
    expect(await cache.get('document-19999')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
