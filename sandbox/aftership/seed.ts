// AfterShip Tracking API (versioned), providers/aftership/README.md: the demo account's trackings at start, international
// shipments to and from Korea in several tags, each with the checkpoints that led to its tag.
import type { SandboxState } from '../state';
import { COURIERS } from './trackings';
import { addCheckpoint, NEXT_TAG, setTag } from './statuses';
import { afterShipStore, newIds, randomString, type StoredTracking, type Tag } from './store';

const DAY_MS = 86_400_000;
const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const SEEDS: ReadonlyArray<{ slug: string; number: (state: SandboxState) => string; tag: Tag; daysAgo: number }> = [
  { slug: 'dhl', number: (s) => randomString(s, DIGITS, 10), tag: 'InTransit', daysAgo: 4 },
  { slug: 'fedex', number: (s) => randomString(s, DIGITS, 12), tag: 'Delivered', daysAgo: 9 },
  { slug: 'ups', number: (s) => `1Z${randomString(s, UPPER, 16)}`, tag: 'OutForDelivery', daysAgo: 3 },
  { slug: 'kr-post', number: (s) => `EE${randomString(s, DIGITS, 9)}KR`, tag: 'InfoReceived', daysAgo: 1 },
  { slug: 'kr-post', number: (s) => `EM${randomString(s, DIGITS, 9)}KR`, tag: 'Exception', daysAgo: 6 },
  { slug: 'dhl', number: (s) => randomString(s, DIGITS, 10), tag: 'Pending', daysAgo: 0.5 },
];

/** Walks the happy path up to `target` (an Exception strikes while in transit), a checkpoint every few hours. */
function walkTo(t: StoredTracking, target: Tag, now: number): void {
  const steps: Tag[] = [];
  for (let tag: Tag | undefined = 'InfoReceived'; tag && target !== 'Pending'; tag = NEXT_TAG[tag]) {
    steps.push(tag);
    if (tag === target || (target === 'Exception' && tag === 'InTransit')) break;
  }
  if (target === 'Exception') steps.push('Exception');
  const gap = Math.min(8 * 3_600_000, (now - t.createdAt) / (steps.length + 1));
  steps.forEach((tag, i) => addCheckpoint(t, tag, t.createdAt + gap * (i + 1)));
}

export function seedTrackings(state: SandboxState): void {
  const store = afterShipStore(state);
  const now = state.clock.now();
  SEEDS.forEach((seed, i) => {
    const createdAt = Math.round(now - seed.daysAgo * DAY_MS);
    const origin = COURIERS[seed.slug];
    const tracking: StoredTracking = {
      ...newIds(state),
      trackingNumber: seed.number(state),
      slug: seed.slug,
      orderId: `OG-${String(1001 + i)}`,
      title: `opsgraph export order OG-${1001 + i}`,
      origin,
      destination: origin === 'KOR' ? 'USA' : 'KOR',
      active: true,
      tag: 'Pending',
      subtag: '',
      subtagMessage: '',
      createdAt,
      updatedAt: createdAt,
      checkpoints: [],
    };
    setTag(tracking, 'Pending', createdAt);
    walkTo(tracking, seed.tag, now);
    store.trackings.set(tracking.id, tracking);
  });
}
