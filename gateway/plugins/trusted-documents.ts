// Trusted documents (persisted operations by id): the manifest `npm run codegen` writes from operations/partner/
// (sha256 id -> document), loaded at start and reloaded when the file changes. A `partner` token runs only
// these, by `documentId` or `extensions.persistedQuery.sha256Hash`; other roles may still send documents.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError, Kind, parse } from 'graphql';
import { ErrorCode } from '../../platform/errors';
import type { Identity } from '../../platform/identity';
import type { Logger } from '../../platform/logger';

export const DEFAULT_MANIFEST_PATH = path.resolve(__dirname, '..', '..', 'operations', '__generated__', 'partner', 'persisted-documents.json');

export type ReloadResult = { ok: true; count: number } | { ok: false; error: string };

export interface TrustedDocumentsOptions {
  manifestPath?: string;
  logger: Logger;
  /** Told after every load attempt; a failed one keeps the documents loaded before. */
  onReload?: (result: ReloadResult) => void;
}

/** Ids are `sha256:<hex>` in the manifest and in `documentId`, bare hex in Apollo's APQ extension: both are accepted. */
const normalizeId = (id: string) => (id.startsWith('sha256:') ? id.slice('sha256:'.length) : id).toLowerCase();

/** Parses a manifest and checks each entry: a hash that does not match its document is a tampered or stale file. */
export function parseManifest(raw: string): Map<string, string> {
  const json: unknown = JSON.parse(raw);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('the manifest must be a JSON object of id -> document');
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(json)) {
    if (typeof document !== 'string') throw new Error(`the document of "${id}" must be a string`);
    const hash = createHash('sha256').update(document).digest('hex');
    if (normalizeId(id) !== hash) throw new Error(`the id "${id}" is not the sha256 of its document (${hash})`);
    parse(document);
    documents.set(hash, document);
  }
  return documents;
}

function operationNamesOf(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const document of documents) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

export class TrustedDocuments {
  private documents = new Map<string, string>();
  private names = new Set<string>();
  private watcher: fs.FSWatcher | null = null;
  readonly manifestPath: string;

  constructor(private readonly options: TrustedDocumentsOptions) {
    this.manifestPath = path.resolve(options.manifestPath ?? DEFAULT_MANIFEST_PATH);
  }

  static open(options: TrustedDocumentsOptions): TrustedDocuments {
    const trusted = new TrustedDocuments(options);
    trusted.reload();
    trusted.watch();
    return trusted;
  }

  get(id: string): string | undefined {
    return this.documents.get(normalizeId(id));
  }

  /** The manifest's operation names (metrics label these as themselves). */
  get operationNames(): ReadonlySet<string> {
    return this.names;
  }

  get size(): number {
    return this.documents.size;
  }

  reload(): ReloadResult {
    let result: ReloadResult;
    try {
      this.documents = parseManifest(fs.readFileSync(this.manifestPath, 'utf8'));
      this.names = operationNamesOf(this.documents.values());
      result = { ok: true, count: this.documents.size };
      this.options.logger.info({ path: this.manifestPath, documents: this.documents.size }, 'trusted documents loaded');
    } catch (error) {
      result = { ok: false, error: (error as Error).message };
      // An editor's half-written save or a bad deploy must not empty the list partners depend on.
      this.options.logger.warn({ path: this.manifestPath, err: result.error, kept: this.documents.size }, 'trusted documents manifest not loaded; keeping the previous one');
    }
    this.options.onReload?.(result);
    return result;
  }

  /** Watches the folder, not the file: codegen and deploys replace the file, which ends a watch on its inode. */
  private watch(): void {
    const folder = path.dirname(this.manifestPath);
    if (!fs.existsSync(folder)) return;
    const name = path.basename(this.manifestPath);
    this.watcher = fs.watch(folder, (_event, filename) => {
      if (filename === name && fs.existsSync(this.manifestPath)) this.reload();
    });
    this.watcher.unref();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}

/** What a client sent, as the HTTP route parsed it: a body (one operation or a batch) or a GET query string. */
export interface SentRequest {
  body: unknown;
  search: string;
}

interface SentOperation {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

function sentOperations(sent: SentRequest): SentOperation[] {
  if (Array.isArray(sent.body)) return sent.body.filter((item): item is SentOperation => typeof item === 'object' && item !== null);
  if (typeof sent.body === 'object' && sent.body !== null) return [sent.body];
  const params = new URLSearchParams(sent.search);
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
  } catch {
    extensions = undefined; // Apollo refuses the malformed JSON itself, with its own message.
  }
  return [{ query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions }];
}

/** The id an operation names: `documentId` (GraphQL-over-HTTP trusted documents) or Apollo's APQ hash. */
function namedId(operation: SentOperation): { id: string; via: 'documentId' | 'apq' } | undefined {
  if (typeof operation.documentId === 'string') return { id: operation.documentId, via: 'documentId' };
  const apq = (operation.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof apq?.sha256Hash === 'string' ? { id: apq.sha256Hash, via: 'apq' } : undefined;
}

function refusal(code: ErrorCode, message: string, requestId: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, requestId, http: { status: 400, headers: new HeaderMap([['x-request-id', requestId]]) } },
  });
}

/** Whose requests must name a manifest operation: any token carrying the `partner` role. */
export const isPartner = (identity: Identity) => identity.roles.includes('partner');

/**
 * The gate, called from the context function where the identity is known: it throws the CONTRACT error for what
 * this caller may not send, before Apollo parses anything. (An error thrown from a plugin's `requestDidStart`
 * would reach the client as an opaque 500; one thrown while building the context keeps its code and status.)
 */
export function checkTrustedDocuments(
  documents: TrustedDocuments,
  identity: Identity,
  sent: SentRequest,
  requestId: string,
  restricted: (identity: Identity) => boolean = isPartner,
): void {
  const locked = restricted(identity);
  for (const operation of sentOperations(sent)) {
    const named = namedId(operation);
    if (locked && (operation.query !== undefined || named === undefined)) {
      throw refusal(ErrorCode.PERSISTED_QUERY_REQUIRED, 'Partners run persisted operations only: send the operation id as "documentId", not a document', requestId);
    }
    if (operation.query !== undefined || named === undefined || documents.get(named.id) !== undefined) continue;
    // Other roles may still use Apollo's APQ store with hashes it learned; a partner, or a `documentId`, may not.
    if (locked || named.via === 'documentId') {
      throw refusal(ErrorCode.PERSISTED_QUERY_NOT_FOUND, `No persisted operation with id "${named.id.slice(0, 80)}"`, requestId);
    }
  }
}

/**
 * Substitutes the manifest's document for the id, in `requestDidStart`: before Apollo resolves the source (APQ
 * lookup, parse, validate), so everything after (limits, validation, planning) sees an ordinary request.
 * Apollo drops `documentId` from its request, so the id is read from the HTTP request it keeps beside it.
 */
export function trustedDocumentsPlugin<TContext extends BaseContext>(documents: TrustedDocuments): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (request.query !== undefined) return;
      const fromBody = request.http?.body as SentOperation | undefined;
      const documentId = typeof fromBody === 'object' && fromBody !== null && !Array.isArray(fromBody) ? fromBody.documentId : undefined;
      const named = namedId({
        documentId: documentId ?? (request.http ? new URLSearchParams(request.http.search).get('documentId') ?? undefined : undefined),
        extensions: request.extensions,
      });
      const document = named && documents.get(named.id);
      if (!document) return;
      // The manifest answers: Apollo's APQ store must neither be asked nor taught a partner's operation.
      const { persistedQuery: _apq, ...extensions } = request.extensions ?? {};
      request.query = document;
      request.extensions = extensions;
    },
  };
}
