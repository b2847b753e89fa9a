// AfterShip Tracking API (versioned), providers/aftership/README.md: the module's private state and the stored tracking.
// One account holds every tracking, as an AfterShip organisation does; API keys are only its doors.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

/** Delivery statuses of the Tracking model (`tag`), as the official SDK's `Tag` enum lists them. */
export const TAGS = [
  'Pending', 'InfoReceived', 'InTransit', 'OutForDelivery', 'AttemptFail',
  'Delivered', 'AvailableForPickup', 'Exception', 'Expired',
] as const;
export type Tag = (typeof TAGS)[number];

export interface StoredCheckpoint {
  time: number;
  message: string;
  location: string;
  countryRegion: string;
  tag: Tag;
  subtag: string;
  subtagMessage: string;
}

export interface StoredTracking {
  id: string;
  legacyId: string;
  trackingNumber: string;
  slug: string;
  orderId: string | null;
  title: string;
  origin: string; // ISO 3166-1 alpha-3, as `origin_country_region`
  destination: string;
  active: boolean;
  tag: Tag;
  subtag: string;
  subtagMessage: string;
  createdAt: number;
  updatedAt: number;
  checkpoints: StoredCheckpoint[];
}

export interface AfterShipStore {
  /** API key → webhook secret of the account (undefined when none was registered with it). */
  keys: Map<string, string | undefined>;
  trackings: Map<string, StoredTracking>;
  /** Throttle windows by `${apiKey}|${endpoint}`: the unix second and the calls counted in it. */
  windows: Map<string, { second: number; count: number }>;
}

export function afterShipStore(state: SandboxState): AfterShipStore {
  return moduleState(state, 'aftership', () => ({ keys: new Map(), trackings: new Map(), windows: new Map() }));
}

const HEX = '0123456789abcdef';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomString(state: SandboxState, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(state.random() * alphabet.length)];
  return out;
}

/** A 32-hex `id` and a 24-character `legacy_id`, the two identifiers the versioned API returns. */
export function newIds(state: SandboxState): { id: string; legacyId: string } {
  return { id: randomString(state, HEX, 32), legacyId: randomString(state, BASE36, 24) };
}

export function findTracking(store: AfterShipStore, slug: string, trackingNumber: string): StoredTracking | undefined {
  for (const t of store.trackings.values()) if (t.slug === slug && t.trackingNumber === trackingNumber) return t;
  return undefined;
}
