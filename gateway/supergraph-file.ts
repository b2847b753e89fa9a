// The standalone gateway's source of truth (`npm run gateway` with SUPERGRAPH=path): a supergraph file composed
// elsewhere (rover, @apollo/composition, another team's pipeline), served as it is and reloaded when it changes.
// Subgraph URLs come from its `join__graph` entries, overridable by name (SUBGRAPH_URLS). A file that does not parse
// or is not a valid supergraph is logged and the one being served is kept.
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { SupergraphManager } from '@apollo/gateway';
import { Kind, parse, print, visit, type ConstArgumentNode } from 'graphql';
import type { Logger } from '../platform/logger';

export interface SupergraphSubgraph { name: string; url: string }

/**
 * The supergraph with each `@join__graph(name:, url:)` pointing where `overrides` says (by subgraph name), its
 * subgraphs, and the names of overrides no subgraph has. Throws when the text is not a valid supergraph.
 */
export function readSupergraph(text: string, overrides: Record<string, string> = {}): { sdl: string; subgraphs: SupergraphSubgraph[]; unknownOverrides: string[] } {
  const used = new Set<string>();
  const document = visit(parse(text), {
    Directive(node) {
      if (node.name.value !== 'join__graph') return undefined;
      const name = node.arguments?.find((argument) => argument.name.value === 'name')?.value;
      if (name?.kind !== Kind.STRING || overrides[name.value] === undefined) return undefined;
      used.add(name.value);
      const url: ConstArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'url' }, value: { kind: Kind.STRING, value: overrides[name.value] } };
      return { ...node, arguments: [...(node.arguments ?? []).filter((argument) => argument.name.value !== 'url'), url] };
    },
  });
  const sdl = used.size > 0 ? print(document) : text;
  // Validates as @apollo/gateway does before serving: the subgraphs extract and the API schema builds.
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  supergraph.apiSchema().toGraphQLJSSchema();
  const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url }));
  if (subgraphs.some((subgraph) => !subgraph.url)) {
    throw new Error(`subgraphs without a URL: ${subgraphs.filter((subgraph) => !subgraph.url).map((subgraph) => subgraph.name).join(', ')} (set them in SUBGRAPH_URLS)`);
  }
  return { sdl, subgraphs, unknownOverrides: Object.keys(overrides).filter((name) => !used.has(name)) };
}

export interface SupergraphFileOptions {
  path: string;
  /** Subgraph name → URL, over the file's own (SUBGRAPH_URLS). */
  urlOverrides?: Record<string, string>;
  logger: Logger;
  /** Quiet time after the last change before the file is read (an editor or a deploy writes it in several steps). */
  settleMs?: number;
}

export class SupergraphFile {
  readonly path: string;
  private current: { text: string; sdl: string; subgraphs: SupergraphSubgraph[] };
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private update: ((supergraphSdl: string) => void) | null = null;
  private readonly listeners = new Set<(sdl: string) => void>();

  /** Reads and checks the file; a missing or invalid file stops start-up (there is nothing to keep yet). */
  constructor(private readonly options: SupergraphFileOptions) {
    this.path = path.resolve(options.path);
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new Error(`SUPERGRAPH: cannot read ${this.path}: ${(error as Error).message}`);
    }
    try {
      const read = readSupergraph(text, options.urlOverrides);
      if (read.unknownOverrides.length > 0) {
        throw new Error(`SUBGRAPH_URLS names subgraphs the supergraph does not have: ${read.unknownOverrides.join(', ')}; it has ${read.subgraphs.map((subgraph) => subgraph.name).join(', ')}`);
      }
      this.current = { text, ...read };
    } catch (error) {
      throw new Error(`SUPERGRAPH: ${this.path} is not a valid supergraph: ${(error as Error).message}`);
    }
  }

  get sdl(): string {
    return this.current.sdl;
  }

  get subgraphs(): readonly SupergraphSubgraph[] {
    return this.current.subgraphs;
  }

  /** Called with each supergraph that replaces the served one. */
  onChange(listener: (sdl: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What ApolloGateway takes as `supergraphSdl`: the file now, and `update` whenever a valid new one lands. */
  manager(): SupergraphManager {
    return {
      initialize: async ({ update }) => {
        this.update = update;
        this.watch();
        return { supergraphSdl: this.current.sdl, cleanup: async () => this.close() };
      },
    };
  }

  /** Reads the file again; true when a new supergraph is served. */
  reload(): boolean {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      this.options.logger.warn({ path: this.path, err: (error as Error).message }, 'supergraph file not readable; keeping the one being served');
      return false;
    }
    if (text === this.current.text) return false;
    let read: ReturnType<typeof readSupergraph>;
    try {
      read = readSupergraph(text, this.options.urlOverrides);
      // Apollo's own checks, before the file counts as served: a throw leaves the gateway on the old schema.
      this.update?.(read.sdl);
    } catch (error) {
      this.options.logger.error({ path: this.path, err: (error as Error).message }, 'supergraph file not loaded; keeping the one being served');
      return false;
    }
    this.current = { text, ...read };
    if (read.unknownOverrides.length > 0) {
      this.options.logger.warn({ unknown: read.unknownOverrides }, 'SUBGRAPH_URLS names subgraphs the new supergraph does not have');
    }
    this.options.logger.info({ path: this.path, subgraphs: read.subgraphs.map((subgraph) => subgraph.name) }, 'supergraph reloaded');
    for (const listener of this.listeners) listener(read.sdl);
    return true;
  }

  /** Watches the folder, not the file: tools replace the file (write and rename), which ends a watch on its inode. */
  private watch(): void {
    if (this.watcher) return;
    const name = path.basename(this.path);
    this.watcher = fs.watch(path.dirname(this.path), (_event, filename) => {
      if (filename !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.reload();
      }, this.options.settleMs ?? 100);
    });
    this.watcher.unref();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
