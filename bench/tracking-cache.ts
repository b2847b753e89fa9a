// The tracking cache on a realistic dashboard loop: the same page of 50 orders over four marketplaces polled
// every few seconds while parcels move on. Time runs 100× faster (TRACKING_CACHE_TTL_SCALE=0.01 shrinks every
// lifetime alike), so half a minute here stands for most of an hour. Reports the hit rate, the Sweet Tracker
// calls per page, and how late a delivery shows (no DELIVERED answer may lag past its lifetime bound).
import { performance } from 'node:perf_hooks';
import { startTestStack, operation } from '../test/helpers/stack';
import { seedDemoKeys, DEMO_MARKETPLACES } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { SweetTrackerClient } from '../providers/sweettracker';
import { carrierCode } from '../platform/carriers';
import type { Carrier } from '../platform/graphql/enums';


const SCALE = 0.01;
const POLL_MS = 50; // 5 s at real speed
const DURATION_MS = 30_000; // 50 minutes at real speed
const CHANGE_EVERY_MS = 1_000; // parcels move on every 100 s at real speed
/** The longest a parcel may show a status after it changed: the lifetime of the status shown before. */
const LAG_BOUND_MS = (5 * 60_000 + 5_000) * SCALE + POLL_MS * 2;

export async function benchTrackingCache() {
  const stack = await startTestStack({ env: { TRACKING_CACHE_TTL_SCALE: String(SCALE), TENANT_RATE_PER_SECOND: '1000000', TENANT_BURST: '1000000' } });
  try {
    const tenant = 'bench-dashboard';
    await seedDemoKeys(stack, tenant, { everyMarketplace: true });
    const admin = await stack.token(tenant, ['viewer']);
    const operator = await stack.token(tenant, ['operator']);
    for (const marketplace of DEMO_MARKETPLACES) await stack.request(operation('SyncOrders'), { marketplace }, operator);
    await stack.sandboxControl('reset');
    const key4 = DEMO_CREDENTIALS.sweettracker.apiKey.slice(-4);
    let lookups = 0;
    let polls = 0;
    // The truth, asked with a key of its own so that its calls do not count as cache misses.
    const truthKey = 'bench-truth-key-0000';
    await stack.sandboxControl('credentials', { provider: 'sweettracker', credentials: { apiKey: truthKey } });
    const truth = new SweetTrackerClient({ baseUrl: stack.config.providers.baseUrls.sweettracker, apiKey: truthKey });
    const deliveredAt = new Map<string, number>();
    const lags: number[] = [];
    let staleAnswers = 0;
    const started = performance.now();
    let nextChange = started + CHANGE_EVERY_MS;
    while (performance.now() - started < DURATION_MS) {
      const t0 = performance.now();
      const page = await stack.request(operation('OrdersDashboard'), { first: 50 }, admin);
      const shipments = page.data!.orders.edges.flatMap((e: any) => e.node.shipments ?? []);
      lookups += new Set(shipments.map((s: any) => `${s.carrier}:${s.trackingNumber}`)).size;
      const now = performance.now();
      for (const s of shipments) {
        const shownDelivered = s.status === 'DELIVERED';
        if (shownDelivered) {
          const since = deliveredAt.get(s.trackingNumber);
          if (since !== undefined && since >= 0) {
            lags.push(now - since);
            deliveredAt.set(s.trackingNumber, -1); // counted once
          }
          continue;
        }
        if (deliveredAt.get(s.trackingNumber) === -1) continue;
        const actual = await truth.trackingInfo(carrierCode('sweettracker', s.carrier as Carrier)!, s.trackingNumber);
        if (actual?.complete) {
          if (!deliveredAt.has(s.trackingNumber)) deliveredAt.set(s.trackingNumber, now);
          else if (now - deliveredAt.get(s.trackingNumber)! > LAG_BOUND_MS) staleAnswers += 1;
        }
      }
      polls += 1;
      if (performance.now() >= nextChange) {
        for (const marketplace of ['CAFE24', 'NAVER', 'COUPANG', 'ELEVENST']) {
          await stack.sandboxControl('orders', { marketplace, kind: 'status_change', count: 2 }).catch(() => undefined);
        }
        nextChange += CHANGE_EVERY_MS;
      }
      const wait = POLL_MS - (performance.now() - t0);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const calls = await stack.sandboxCalls();
    const misses = calls.sweettracker.byCredential[key4] ?? calls.sweettracker.total;
    return {
      benchmark: 'tracking-cache',
      timeScale: SCALE,
      polls,
      pageSize: 50,
      parcelLookups: lookups,
      sweetTrackerCalls: misses,
      hitRate: Math.round((1 - misses / lookups) * 1000) / 1000,
      sweetTrackerCallsPerPage: Math.round((misses / polls) * 100) / 100,
      withoutCacheCallsPerPage: Math.round((lookups / polls) * 100) / 100,
      deliveriesObserved: lags.length,
      deliveryLagMs: lags.length ? { max: Math.round(Math.max(...lags)), boundAtRealSpeed: '5 min (the in-transit lifetime)' } : null,
      staleAnswersPastBound: staleAnswers,
    };
  } finally {
    await stack.close();
  }
}
