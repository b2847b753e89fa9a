// AfterShip Tracking API (versioned), providers/aftership/README.md "Create" and "Get": POST /trackings with a flat body,
// GET /trackings/{id}, and GET /trackings with cursor pagination (newest first, `limit` at most 200).
import { parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import {
  invalidJson, ok, slugInvalid, trackingExists, trackingNotFound, trackingNumberRequired, valueInvalid,
} from './envelope';
import { presentTracking } from './present';
import { setTag } from './statuses';
import { afterShipStore, findTracking, newIds, type StoredTracking, TAGS } from './store';

/** The couriers this sandbox account has activated, with the country their shipments leave from. */
export const COURIERS: Readonly<Record<string, string>> = { dhl: 'DEU', fedex: 'USA', ups: 'USA', usps: 'USA', 'kr-post': 'KOR' };

/** Courier detection for a create without `slug`, by the numbers' well-known shapes. */
function detectSlug(trackingNumber: string): string | undefined {
  if (/^[A-Z]{2}\d{9}KR$/.test(trackingNumber)) return 'kr-post';
  if (/^1Z[0-9A-Z]{16}$/.test(trackingNumber)) return 'ups';
  if (/^\d{12}$/.test(trackingNumber)) return 'fedex';
  if (/^\d{10}$/.test(trackingNumber)) return 'dhl';
  if (/^\d{22}$/.test(trackingNumber)) return 'usps';
  return undefined;
}

const optionalString = (value: unknown): value is string | undefined | null =>
  value === undefined || value === null || typeof value === 'string';

export function createTracking(state: SandboxState, req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  if (!body) return invalidJson();
  const trackingNumber = typeof body.tracking_number === 'string' ? body.tracking_number.trim() : '';
  if (!trackingNumber) return trackingNumberRequired();
  for (const field of ['slug', 'order_id', 'title']) if (!optionalString(body[field])) return valueInvalid(field);
  const slug = (body.slug as string | undefined) ?? detectSlug(trackingNumber);
  if (!slug || !COURIERS[slug]) return slugInvalid();
  const store = afterShipStore(state);
  if (findTracking(store, slug, trackingNumber)) return trackingExists();
  const now = state.clock.now();
  const tracking: StoredTracking = {
    ...newIds(state),
    trackingNumber,
    slug,
    orderId: (body.order_id as string | undefined) ?? null,
    title: (body.title as string | undefined) ?? trackingNumber,
    origin: COURIERS[slug],
    destination: COURIERS[slug] === 'KOR' ? 'USA' : 'KOR',
    active: true,
    tag: 'Pending',
    subtag: '',
    subtagMessage: '',
    createdAt: now,
    updatedAt: now,
    checkpoints: [],
  };
  setTag(tracking, 'Pending', now);
  store.trackings.set(tracking.id, tracking);
  return ok(201, presentTracking(tracking));
}

export function getTracking(state: SandboxState, req: SandboxRequest): Reply {
  const tracking = afterShipStore(state).trackings.get(req.params.id);
  return tracking ? ok(200, presentTracking(tracking)) : trackingNotFound();
}

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 100;

/** The cursor names the last tracking of the page, so trackings created meanwhile do not shift pages. */
const encodeCursor = (t: StoredTracking) => Buffer.from(`${t.createdAt}:${t.id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  const match = /^(\d+):([0-9a-z]+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { createdAt: Number(match[1]), id: match[2] } : undefined;
}

const newestFirst = (a: StoredTracking, b: StoredTracking) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type Filter = (t: StoredTracking) => boolean;

/** The query's filters, or the name of the first parameter whose value is not valid. */
function filters(query: URLSearchParams): Filter[] | string {
  const out: Filter[] = [];
  const slugs = query.get('slug');
  if (slugs) out.push((t) => slugs.split(',').includes(t.slug));
  const tags = query.get('tag');
  if (tags) {
    if (tags.split(',').some((tag) => !(TAGS as readonly string[]).includes(tag))) return 'tag';
    out.push((t) => tags.split(',').includes(t.tag));
  }
  const keyword = query.get('keyword')?.toLowerCase();
  if (keyword) out.push((t) => [t.trackingNumber, t.title, t.orderId ?? ''].some((v) => v.toLowerCase().includes(keyword)));
  for (const [param, field, bound] of [
    ['created_at_min', 'createdAt', 'min'], ['created_at_max', 'createdAt', 'max'],
    ['updated_at_min', 'updatedAt', 'min'], ['updated_at_max', 'updatedAt', 'max'],
  ] as const) {
    const raw = query.get(param);
    if (raw === null) continue;
    const at = Date.parse(raw);
    if (!Number.isFinite(at)) return param;
    out.push(bound === 'min' ? (t) => t[field] >= at : (t) => t[field] <= at);
  }
  return out;
}

export function listTrackings(state: SandboxState, req: SandboxRequest): Reply {
  const rawLimit = req.query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return valueInvalid('limit');
  const matching = filters(req.query);
  if (typeof matching === 'string') return valueInvalid(matching);
  const all = [...afterShipStore(state).trackings.values()].filter((t) => matching.every((f) => f(t))).sort(newestFirst);
  let start = 0;
  const cursor = req.query.get('cursor');
  if (cursor) {
    const after = decodeCursor(cursor);
    if (!after) return valueInvalid('cursor');
    const last = { createdAt: after.createdAt, id: after.id } as StoredTracking;
    start = all.findIndex((t) => newestFirst(t, last) > 0);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + limit);
  const hasNextPage = start + limit < all.length;
  return ok(200, {
    pagination: { total: all.length, next_cursor: hasNextPage ? encodeCursor(page[page.length - 1]) : null, has_next_page: hasNextPage },
    trackings: page.map(presentTracking),
  });
}
