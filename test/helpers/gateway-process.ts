// A second gateway replica in its own process (`scripts/serve.ts gateway`) over a test stack's subgraphs and the
// same Redis: what two replicas behind a load balancer share (APQ, rate limits, events) is tested across it.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { stopChild } from '../../platform/stop-child';
import { TEST_JWT_SECRET, type TestStack } from './stack';
import { TEST_REDIS_URL } from './database';

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** The last 20,000 characters it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const SERVE_GATEWAY = ['-r', './platform/register.js', 'scripts/serve.ts', 'gateway'];

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `serve.ts gateway` against the stack's subgraphs; resolves once it logs that it started and is ready.
 * `port` to come back where a stopped one was; `argv` for node options in front of the same entry point (the benchmark).
 */
export async function startGatewayProcess(
  stack: TestStack,
  env: Record<string, string> = {},
  options: { port?: number; argv?: string[] } = {},
): Promise<GatewayProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, options.argv ?? SERVE_GATEWAY, {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      GATEWAY_PORT: String(port),
      SUBGRAPH_URLS: Object.entries(stack.subgraphs).map(([name, subgraph]) => `${name}=${subgraph.url}`).join(','),
      JWT_SECRET: TEST_JWT_SECRET,
      SUBGRAPH_SECRET: stack.config.auth.subgraphSecret,
      REDIS_URL: stack.config.pubsub.mode === 'redis' ? stack.config.pubsub.redisUrl : TEST_REDIS_URL,
      REDIS_KEY_PREFIX: stack.config.redisKeyPrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('gateway started')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const ready = await fetch(new URL('/ready', url));
  if (ready.status !== 200) throw new Error(`the gateway process is not ready: ${ready.status}`);
  return {
    url,
    child,
    output: () => output,
    stop: () => stopChild(child),
  };
}
