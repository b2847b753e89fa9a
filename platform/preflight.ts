// Start-up checks that turn the usual first-run failures into one line naming the setting to fix, before any
// component starts: PostgreSQL and Redis reachable at DATABASE_URL / REDIS_URL, the database there, and each
// port this process will listen on free. Anything else fails as it happens, as one line too
// (`describeStartupFailure`), with the stack only at LOG_LEVEL=debug.
import net from 'node:net';
import { Client } from 'pg';
import Redis from 'ioredis';
import { ConfigError, type Config } from './config';
import { DataDirectoryLockedError } from './data-lock';

/** A start-up failure whose message already says what to do: printed alone, without a stack. */
export class StartupError extends Error {}

const PORT_SETTINGS: Record<keyof Config['ports'], string> = {
  gateway: 'GATEWAY_PORT', commerce: 'COMMERCE_PORT', logistics: 'LOGISTICS_PORT', finance: 'FINANCE_PORT',
  ai: 'AI_PORT', keys: 'KEYS_PORT', sandbox: 'SANDBOX_PORT',
};

/** The URL without its password, fit for a message. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

function networkReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'host not found';
    case 'ETIMEDOUT': return 'timed out';
    default: return error.message;
  }
}

async function checkPostgres(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const pgError = error as NodeJS.ErrnoException & { code?: string };
    const where = `DATABASE_URL=${redactUrl(databaseUrl)}`;
    if (pgError.code === '3D000') {
      const name = new URL(databaseUrl).pathname.slice(1);
      throw new StartupError(`The database "${name}" does not exist on the server at ${where}: create it (createdb ${name}) or fix DATABASE_URL`);
    }
    if (pgError.code === '28P01' || pgError.code === '28000') {
      throw new StartupError(`PostgreSQL refused the user or password in ${where}: fix DATABASE_URL`);
    }
    throw new StartupError(`Cannot reach PostgreSQL at ${where} (${networkReason(pgError)}): start PostgreSQL or fix DATABASE_URL`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis rejects connect() with "Connection is closed."; the cause (ECONNREFUSED…) comes as an error event.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => { cause ??= error; });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = networkReason((cause ?? error) as NodeJS.ErrnoException);
    throw new StartupError(`Cannot reach Redis at REDIS_URL=${redactUrl(redisUrl)} (${reason}): start Redis or fix REDIS_URL`);
  } finally {
    redis.disconnect();
  }
}

async function checkPort(setting: string, host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`${setting}=${port} is already in use on ${host} (another opsgraph?): stop that process or set ${setting} to a free port`));
      else if (error.code === 'EACCES') reject(new StartupError(`${setting}=${port} needs privileges this process does not have: set ${setting} to a port above 1024`));
      else reject(error);
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Checks what `components` need (ports by component name), in the order an operator would fix them. */
export async function preflight(config: Config, components: ReadonlyArray<keyof Config['ports']>): Promise<void> {
  if (config.storage.mode === 'postgres') await checkPostgres(config.storage.databaseUrl);
  if (config.pubsub.mode === 'redis') await checkRedis(config.pubsub.redisUrl);
  for (const component of components) await checkPort(PORT_SETTINGS[component], config.host, config.ports[component]);
}

/**
 * One line for a failed start: the message of a failure that explains itself, else the error with its stack at
 * debug. It takes LOG_LEVEL raw, since the configuration itself may be what failed to load.
 */
export function describeStartupFailure(error: unknown, logLevel: string | undefined): string {
  if (error instanceof StartupError || error instanceof ConfigError || error instanceof DataDirectoryLockedError) return error.message;
  const err = error as Error & { code?: string; port?: number };
  if (err?.code === 'EADDRINUSE') return `Port ${err.port ?? ''} is already in use: stop the process holding it or choose another port setting`;
  if (logLevel === 'debug' || logLevel === 'trace') return err?.stack ?? String(error);
  return `Start-up failed: ${err?.message ?? String(error)} (LOG_LEVEL=debug shows the stack)`;
}
