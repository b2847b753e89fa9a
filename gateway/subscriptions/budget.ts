// Budgets of live connections: sockets per user and per tenant, subscriptions per tenant. A socket or a
// subscription holds a lease; in Redis a budget is a sorted set of leases scored by their expiry, so every replica
// counts the same set, taking a lease is one Lua script (no two replicas both take the last one), and the leases
// of a replica that died without releasing them lapse on their own. The holder extends its leases every
// leaseMs / 3. The in-process store (embedded mode) keeps the same contract for one process.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

export interface LeaseStore {
  /** Takes a lease on `member` in `key` unless `max` are held already; false: refused. */
  acquire(key: string, member: string, max: number): Promise<boolean>;
  release(key: string, member: string): Promise<void>;
  close(): Promise<void>;
}

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

const EXTEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], lease)
return 0
`;

type LeaseRedis = Redis & {
  budgetAcquire(key: string, member: string, max: number, leaseMs: number): Promise<number>;
  budgetExtend(key: string, leaseMs: number, ...members: string[]): Promise<number>;
};

export class RedisLeaseStore implements LeaseStore {
  private readonly redis: LeaseRedis;
  /** What this replica holds, to extend: key -> members. */
  private readonly held = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;

  constructor(url: string, keyPrefix: string, private readonly leaseMs = 60_000) {
    const redis = new Redis(url, { keyPrefix: `${keyPrefix}budget:`, maxRetriesPerRequest: 2 });
    // Reconnecting is ioredis' job; an 'error' with no listener would only be printed meanwhile.
    redis.on('error', () => undefined);
    redis.defineCommand('budgetAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('budgetExtend', { numberOfKeys: 1, lua: EXTEND });
    this.redis = redis as LeaseRedis;
    this.timer = setInterval(() => void this.extend().catch(() => undefined), leaseMs / 3);
    this.timer.unref();
  }

  async acquire(key: string, member: string, max: number): Promise<boolean> {
    const taken = (await this.redis.budgetAcquire(key, member, max, this.leaseMs)) === 1;
    if (taken) this.held.set(key, (this.held.get(key) ?? new Set()).add(member));
    return taken;
  }

  async release(key: string, member: string): Promise<void> {
    const members = this.held.get(key);
    members?.delete(member);
    if (members?.size === 0) this.held.delete(key);
    await this.redis.zrem(key, member);
  }

  private async extend(): Promise<void> {
    for (const [key, members] of this.held) {
      const all = [...members];
      for (let i = 0; i < all.length; i += 500) await this.redis.budgetExtend(key, this.leaseMs, ...all.slice(i, i + 500));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Set<string>>();

  async acquire(key: string, member: string, max: number): Promise<boolean> {
    const members = this.leases.get(key) ?? new Set<string>();
    if (!members.has(member) && members.size >= max) return false;
    this.leases.set(key, members.add(member));
    return true;
  }

  async release(key: string, member: string): Promise<void> {
    this.leases.get(key)?.delete(member);
  }

  async close(): Promise<void> {
    this.leases.clear();
  }
}

export interface BudgetLimits {
  maxSocketsPerUser: number;
  maxSocketsPerTenant: number;
  maxSubscriptionsPerTenant: number;
}

export const DEFAULT_BUDGET: BudgetLimits = { maxSocketsPerUser: 20, maxSocketsPerTenant: 200, maxSubscriptionsPerTenant: 2000 };

/** A refusal's reason, or the function that gives the lease back. */
export type Lease = { refused: string } | { release: () => Promise<void> };

export class SubscriptionBudget {
  /** Names this replica's leases apart from other replicas'. */
  private readonly replica = randomUUID();

  constructor(private readonly store: LeaseStore, readonly limits: BudgetLimits) {}

  /** A socket of `sub` in `tenant`: within both the user's and the tenant's budget, or refused. */
  async openSocket(tenant: string, sub: string, socketId: string): Promise<Lease> {
    const member = `${this.replica}:${socketId}`;
    const userKey = `sockets:user:${tenant}:${sub}`;
    const tenantKey = `sockets:tenant:${tenant}`;
    const { maxSocketsPerUser, maxSocketsPerTenant } = this.limits;
    if (!(await this.store.acquire(userKey, member, maxSocketsPerUser))) {
      return { refused: `A user may hold at most ${maxSocketsPerUser} connections at once: close some first` };
    }
    if (!(await this.store.acquire(tenantKey, member, maxSocketsPerTenant))) {
      await this.store.release(userKey, member);
      return { refused: `A tenant may hold at most ${maxSocketsPerTenant} connections at once: close some first` };
    }
    return { release: async () => void (await Promise.all([this.store.release(userKey, member), this.store.release(tenantKey, member)])) };
  }

  async startSubscription(tenant: string, socketId: string, id: string): Promise<Lease> {
    const member = `${this.replica}:${socketId}:${id}`;
    const key = `subscriptions:tenant:${tenant}`;
    const max = this.limits.maxSubscriptionsPerTenant;
    if (!(await this.store.acquire(key, member, max))) {
      return { refused: `A tenant may hold at most ${max} subscriptions at once: complete some first` };
    }
    return { release: () => this.store.release(key, member) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export function openLeaseStore(pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' }, keyPrefix: string): LeaseStore {
  return pubsub.mode === 'redis' ? new RedisLeaseStore(pubsub.redisUrl, keyPrefix) : new MemoryLeaseStore();
}
