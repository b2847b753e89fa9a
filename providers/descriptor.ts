// What one provider tells the rest of opsgraph about itself: one descriptor per provider folder
// (`providers/<name>/descriptor.ts`), listed once in providers/registry.ts. The GraphQL enum, the config's base
// URLs, the key resolver's credentials and limits, and the `testApiKey` probes are all derived from these.
// See docs/adding-a-provider.md.
import { z } from 'zod';
import type { SubgraphName } from '../platform/config';
import type { SandboxModule } from '../sandbox/modules';
import type { ProviderErrorKind } from './errors';

export interface RateLimit { perSecond: number; burst: number }

/** The provider's real limits, the defaults of every key (each key may override them). */
export interface ProviderLimits {
  /** Sustained calls per second and the burst above it (GCRA), or null: no per-second limit. */
  rate: RateLimit | null;
  /** Per-operation rates, where the provider limits some APIs harder (e.g. order changes). */
  operations?: Record<string, RateLimit>;
  /** The daily quota a key has when it sets none (a free plan's calls per day), or null: unlimited. */
  dailyQuota: number | null;
  /** LLM providers count tokens from each response's `usage`. */
  llm?: boolean;
}

/** A refused call as the key resolver needs to read it: HTTP status, the provider's own code, its words. */
export interface ProviderFailure {
  status: number;
  code?: string;
  message?: string;
}

/** A key's sealed provider session (OAuth tokens), read and rotated under the key's row lock (keyring). */
export interface KeySession {
  read<S>(): Promise<S | null>;
  update<S>(update: (current: S | null) => Promise<S>): Promise<S>;
}

/** What a probe gets: where the provider lives, the key's credentials and session, and the provider's own settings. */
export interface ProbeContext {
  baseUrl: string;
  credentials: Record<string, string>;
  settings: Record<string, string>;
  /** The key's stored session, for providers whose calls need OAuth tokens obtained earlier (see `oauthCallback`). */
  session?: KeySession;
}

/** A setting of the provider's own, read once from the environment by platform/config.ts. */
export interface ProviderSetting {
  env: string;
  default: string;
  /** The rule a value must meet, stated in the start-up error; returns false to refuse it. */
  check?: { test(value: string): boolean; rule: string };
}

/**
 * The provider posts webhooks: the gateway relays `POST /webhooks/<lower name>?…` on its public port, raw, to the same
 * path on the owning subgraph, which checks the signature and applies the event (gateway/provider-routes.ts).
 */
export interface WebhookRoute {
  subgraph: SubgraphName;
  /** The request headers the receiver reads (signature, id, timestamp); only these, content-type and user-agent are relayed. */
  headers: readonly string[];
}

/**
 * The provider sends a browser back after consent (OAuth authorization code): the gateway serves
 * `GET /oauth/<lower name>/callback` and hands code and state, signed, to the subgraph's
 * `POST /internal/oauth/<lower name>/callback`, which answers `{ status: 200, … }` or `{ status: 400 | 502, reason }`.
 */
export interface OAuthCallbackRoute {
  subgraph: SubgraphName;
  /** The sentence the browser is shown once connected, from the subgraph's outcome; absent: a generic one. */
  connected?: (outcome: Readonly<Record<string, unknown>>) => string;
  /** The provider's side of the consent the subgraph completes (subgraphs/keys/oauth-consent.ts). */
  consent: OAuthConsent;
}

/** The app a consent is for: where the provider lives, the key's credentials, the redirect URI registered there. */
export interface OAuthApp {
  baseUrl: string;
  credentials: Record<string, string>;
  redirectUri: string;
}

/** One provider's side of the 3-legged OAuth consent: its authorize URL and its code exchange. */
export interface OAuthConsent<S = unknown> {
  /** How people call it, for the reasons shown in the browser. */
  label: string;
  /** The provider's own setting (`settings` below) that holds the redirect URI registered with it. */
  redirectUriSetting: string;
  authorizeUrl(app: OAuthApp, state: string): string;
  /** The session sealed on the key's row (tokens), from the authorization code. */
  exchange(app: OAuthApp, code: string): Promise<S>;
  /** What the browser is told once connected. */
  connected(credentials: Record<string, string>): string;
}

interface CommonDescriptor<N extends string> {
  /** The GraphQL `Provider` value; its lower-case form names the provider everywhere else. */
  name: N;
  /** The fields of `AddApiKeyInput.credentials`, in the provider's own names (see `credential` below). */
  credentials: z.ZodObject<z.ZodRawShape>;
  /** The field whose last 4 characters identify a key. */
  secretField: string;
  limits: ProviderLimits;
  /** A marketplace also gets a commerce adapter (subgraphs/commerce/marketplaces) and a GraphQL `Marketplace` value. */
  marketplace?: true;
  /**
   * Money moves through it (payments, tax invoices, bank transfers): without Redis's shared counters its calls fail
   * closed rather than be admitted per process and risk a double charge or a ban. Absent: they fail open.
   */
  failClosedWithoutRedis?: true;
  /** Its webhooks, relayed by the gateway's public port to the subgraph that owns them. */
  webhook?: WebhookRoute;
  /** Its OAuth consent redirect, served by the gateway and handed to the subgraph that holds the keys. */
  oauthCallback?: OAuthCallbackRoute;
}

/** A provider opsgraph calls: every part below is required, so the compiler names what a new one forgot. */
export interface ServedProviderDescriptor<N extends string = string> extends CommonDescriptor<N> {
  served: true;
  /** How the provider's refusals map onto the key resolver's kinds (retry, rotate, fail the one call). */
  errorKind(failure: ProviderFailure): ProviderErrorKind;
  /** `testApiKey`: the provider's cheapest authenticated call with one key. */
  probe(context: ProbeContext): Promise<unknown>;
  /** `<env>` overrides; else the live address (PROVIDERS=live) or the sandbox URL plus `sandboxPath`. */
  baseUrl: { env: string; live: string; sandboxPath: string };
  /** Settings of its own, by the name they get in `config.providers`. */
  settings?: Record<string, ProviderSetting>;
  /** Its sandbox module (sandbox/<name>/), which serves it, with the demo credentials `npm start` seeds. */
  sandbox: SandboxPart;
}

/**
 * The sandbox's side of a provider. Modules seed in `seedRank` order because they draw from one seeded random
 * sequence: a new provider takes the next free number, so every other module's demo data stays as it was.
 */
export interface SandboxPart {
  // The module's own credentials type, not `SandboxModule`'s default: demo credentials keep their field names.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: SandboxModule<any>;
  seedRank: number;
}

/** A provider docs/contract.md names but opsgraph does not call yet: keys can be stored, nothing else. */
export interface PlannedProviderDescriptor<N extends string = string> extends CommonDescriptor<N> {
  served: false;
}

export type ProviderDescriptor<N extends string = string> = ServedProviderDescriptor<N> | PlannedProviderDescriptor<N>;

/** Keeps the literal name of a descriptor (`'X'`-like literals, not `string`), which the registry's types are built from. */
export function defineProvider<const D extends ProviderDescriptor>(descriptor: D): D {
  return descriptor;
}

// Credential fields go into HTTP headers, query strings and host names: a value that cannot be sent is refused when
// the key is added, naming the field, instead of failing on every call afterwards.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const NON_LATIN1 = /[\u0100-\uffff]/; // any UTF-16 code unit above U+00FF

/** A credential field: trimmed, non-empty, no control characters (CR/LF would split a header). */
export const credential = () =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((value) => !CONTROL.test(value), 'must not contain control characters such as line breaks or tabs');

/** A field sent in an HTTP header (or a Basic/HMAC header built from it): Latin-1 only, as headers carry bytes. */
export const headerCredential = () =>
  credential().refine((value) => !NON_LATIN1.test(value), 'must hold only characters an HTTP header can carry (Latin-1)');

/** A field that becomes one label of a host name (`{mall_id}.<provider host>`). */
export const hostLabel = () =>
  credential().refine(
    (value) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(value),
    'must be a host-name label: letters, digits and inner hyphens, at most 63 characters',
  );
