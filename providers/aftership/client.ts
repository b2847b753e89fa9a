// AfterShip Tracking API (versioned) client, following providers/aftership/README.md: `as-api-key` auth on
// `{baseUrl}/tracking/{version}`, flat create body, cursor pagination, per-endpoint 429s with X-RateLimit-Reset.
//
// Why not the official @aftership/tracking-sdk (v17, not a dependency)? Its `domain` option does take the sandbox
// URL, its 429 errors keep the X-RateLimit-* headers and its error messages never hold the key, but every
// path is hard-coded to `/tracking/2026-07/…`, so a caller cannot pin 2025-07 (our default) or any other
// version; it also brings its own axios transport (timeouts and 5xx retries with ~6 s sleeps, options read
// from AFTERSHIP_TRACKING_SDK_* env vars) instead of providerFetch, and its AftershipError would need
// mapping to ProviderError anyway. Three endpoints over providerFetch are less code than that adapter.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { providerFetch, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import { afterShipError } from './errors';
import type { AfterShipTag, AfterShipTracking, AfterShipTrackingPage } from './types';

export const DEFAULT_AFTERSHIP_API_VERSION = '2025-07';
const VERSION_FORMAT = /^\d{4}-\d{2}$/;
export const MAX_PAGE_SIZE = 200;

export interface AfterShipClientOptions {
  /** https://api.aftership.com in production; the client appends `/tracking/{apiVersion}`. */
  baseUrl: string;
  apiKey: string;
  /** A released version such as 2025-07 (default) or 2026-01. */
  apiVersion?: string;
  timeoutMs?: number;
}

export interface CreateTrackingInput {
  trackingNumber: string;
  /** AfterShip courier slug: dhl, fedex, ups, kr-post… */
  slug: string;
  orderId?: string;
  title?: string;
}

export interface TrackingFilter {
  /** Comma-separated slugs. */
  slug?: string;
  tag?: AfterShipTag;
  keyword?: string;
  /** Only trackings updated at or after this instant. */
  updatedAtMin?: string | Date;
  /** Page size, 1 to 200 (AfterShip's default is 100). */
  limit?: number;
}

export interface ListTrackingsInput extends TrackingFilter {
  cursor?: string;
}

/** `2026-01-15T03:00:00+00:00`, the form of the examples in AfterShip's docs. */
function afterShipTime(value: string | Date): string {
  return typeof value === 'string' ? value : `${value.toISOString().slice(0, 19)}+00:00`;
}

// The tracking fields opsgraph reads (subgraphs/logistics/aftership.ts, aftership-store.ts), checked on arrival.
const CHECKPOINT = z.object({ checkpoint_time: z.string(), tag: z.string().nullable().optional(), message: z.string().nullable().optional() }).passthrough();
const TRACKING = z.object({
  id: z.string(),
  tag: z.string(),
  checkpoints: z.array(CHECKPOINT).nullable().optional(),
}).passthrough();
const PAGE = z.object({
  pagination: z.object({ total: z.number().optional(), next_cursor: z.string().nullable().optional(), has_next_page: z.boolean().optional() }).passthrough().optional(),
  trackings: z.array(TRACKING).optional(),
}).passthrough();

export class AfterShipClient {
  private readonly root: string;
  private readonly apiKey: string;
  private readonly timeoutMs?: number;

  constructor(options: AfterShipClientOptions) {
    const version = options.apiVersion ?? DEFAULT_AFTERSHIP_API_VERSION;
    if (!VERSION_FORMAT.test(version)) {
      throw new Error(`AfterShipClient apiVersion must look like "2025-07", but got ${JSON.stringify(version)}`);
    }
    if (!options.apiKey) throw new Error('AfterShipClient apiKey must be a non-empty string');
    this.root = `${options.baseUrl.replace(/\/+$/, '')}/tracking/${version}`;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
  }

  async createTracking(input: CreateTrackingInput): Promise<AfterShipTracking> {
    // The versioned API takes the fields flat: the v4 `{"tracking": {...}}` wrapper is gone.
    const body = { tracking_number: input.trackingNumber, slug: input.slug, order_id: input.orderId, title: input.title };
    const what = `create the AfterShip tracking ${input.slug} ${input.trackingNumber}`;
    return this.tracking(what, await this.call('POST', '/trackings', what, undefined, body));
  }

  async getTracking(id: string): Promise<AfterShipTracking> {
    const what = `get AfterShip tracking ${id}`;
    return this.tracking(what, await this.call('GET', `/trackings/${encodeURIComponent(id)}`, what));
  }

  async listTrackings(input: ListTrackingsInput = {}): Promise<AfterShipTrackingPage> {
    if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_PAGE_SIZE)) {
      throw new RangeError(`AfterShip limit must be an integer from 1 to ${MAX_PAGE_SIZE}, but got ${input.limit}`);
    }
    const query = new URLSearchParams();
    if (input.cursor) query.set('cursor', input.cursor);
    if (input.limit !== undefined) query.set('limit', String(input.limit));
    if (input.slug) query.set('slug', input.slug);
    if (input.tag) query.set('tag', input.tag);
    if (input.keyword) query.set('keyword', input.keyword);
    if (input.updatedAtMin !== undefined) query.set('updated_at_min', afterShipTime(input.updatedAtMin));
    const what = 'list AfterShip trackings';
    const data = checkReply('aftership', what, PAGE, await this.call<unknown>('GET', '/trackings', what, query), [this.apiKey]) as {
      pagination?: { total?: number; next_cursor?: string | null; has_next_page?: boolean }; trackings?: AfterShipTracking[];
    };
    const nextCursor = data.pagination?.next_cursor || null;
    return {
      trackings: data.trackings ?? [],
      total: data.pagination?.total ?? 0,
      nextCursor,
      hasNextPage: Boolean(data.pagination?.has_next_page && nextCursor),
    };
  }

  /** Every tracking matching `filter`, page after page along `next_cursor`. */
  async *allTrackings(filter: TrackingFilter = {}): AsyncGenerator<AfterShipTracking, void, undefined> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.listTrackings({ ...filter, cursor });
      yield* page.trackings;
      if (!page.hasNextPage || !page.nextCursor) return;
      // A cursor handed out twice would page forever.
      if (seen.has(page.nextCursor)) {
        throw new ProviderError({ provider: 'aftership', kind: 'server', message: 'list AfterShip trackings failed: AfterShip repeated a next_cursor' });
      }
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  private tracking(what: string, data: unknown): AfterShipTracking {
    return checkReply('aftership', what, TRACKING, data, [this.apiKey]) as unknown as AfterShipTracking;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, what: string, query?: URLSearchParams, body?: unknown): Promise<T> {
    const search = query && [...query.keys()].length > 0 ? `?${query.toString()}` : '';
    const response = await providerFetch({
      provider: 'aftership',
      what,
      url: `${this.root}${path}${search}`,
      method,
      headers: { 'as-api-key': this.apiKey },
      body,
      timeoutMs: this.timeoutMs,
      secrets: [this.apiKey],
    });
    return this.data<T>(response, what);
  }

  private data<T>(response: ProviderResponse, what: string): T {
    if (response.status < 200 || response.status >= 300) throw afterShipError(response, what, [this.apiKey]);
    const data = (response.json as { data?: unknown } | undefined)?.data;
    if (data === undefined || data === null || typeof data !== 'object') {
      throw new ProviderError({
        provider: 'aftership', kind: 'server', status: response.status,
        message: `${what} failed: AfterShip answered ${response.status} without a data object`,
      });
    }
    return data as T;
  }
}
