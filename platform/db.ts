// One PostgreSQL connection factory for every module. Embedded mode serves PGlite over the Postgres wire
// protocol (pglite-socket), so the pg driver, TypeORM and the migrations run unchanged in both modes.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { lockDataDirectory } from './data-lock';
import type { Config } from './config';

/** An entity or migration class. */
type Constructor = abstract new (...args: never[]) => unknown;
type Entities = MixedList<Constructor | string | EntitySchema>;

export interface DatabaseOptions {
  url: string;
  /** Names the migration history table, so that each module keeps its own. */
  name: string;
  entities: Entities;
  migrations: Constructor[];
  poolSize?: number;
}

/** Opens a DataSource and runs the module's migrations, serialised across processes by an advisory lock. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: `${options.name}_migrations`,
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 4 },
  });
  await dataSource.initialize();
  const lockId = createHash('sha256').update(`opsgraph:migrations:${options.name}`).digest().readInt32BE(0);
  const runner = dataSource.createQueryRunner();
  let migrated = false;
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockId]);
    await dataSource.runMigrations({ transaction: 'each' });
    migrated = true;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
    await runner.release();
    // A migration that stops (pgvector missing, say) must not leave the pool open behind its error.
    if (!migrated) await dataSource.destroy();
  }
  return dataSource;
}

export interface DatabaseServer {
  url: string;
  mode: 'postgres' | 'embedded';
  close(): Promise<void>;
}

/**
 * Resolves the database URL for this process: DATABASE_URL when set, otherwise an embedded PGlite
 * under DATA_DIR served on a loopback port. Only one process may own an embedded data directory.
 */
export async function startDatabase(config: Config): Promise<DatabaseServer> {
  if (config.storage.mode === 'postgres') {
    return { url: config.storage.databaseUrl, mode: 'postgres', close: async () => undefined };
  }
  return startEmbeddedDatabase(path.resolve(config.storage.dataDir, 'pglite'));
}

export async function startEmbeddedDatabase(dataDir: string | null): Promise<DatabaseServer> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // pg_trgm: the knowledge base's lexical search (subgraphs/ai/knowledge), as on the real PostgreSQL.
  // (A subpath export, which this project's moduleResolution does not type: hence the string and the cast.)
  const contrib: string = '@electric-sql/pglite/contrib/pg_trgm';
  const { pg_trgm } = (await import(contrib)) as { pg_trgm: import('@electric-sql/pglite').Extension };
  // pgvector: the knowledge base's embeddings and HNSW index, the same migration as on PostgreSQL with pgvector.
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const lock = dataDir ? lockDataDirectory(dataDir) : null;
  const db = await PGlite.create(dataDir ?? undefined, { extensions: { pg_trgm, vector } }).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  // pglite-socket admits one connection by default and drops a second one; every module keeps a small pool.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    mode: 'embedded',
    close: async () => {
      await server.stop();
      await db.close();
      lock?.release();
    },
  };
}
