// A second gateway replica in its own process (`scripts/serve.ts gateway`) over a test stack's subgraphs and the
// same Redis: what two replicas behind a load balancer share (APQ, rate limits, events) is tested across it.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_JWT_SECRET, type TestStack } from './stack';
import { TEST_REDIS_URL } from './database';

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `serve.ts gateway` against the stack's subgraphs; resolves once it logs that it started and is ready. */
export async function startGatewayProcess(stack: TestStack, env: Record<string, string> = {}, port?: number): Promise<GatewayProcess> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['-r', './platform/register.js', 'scripts/serve.ts', 'gateway'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      GATEWAY_PORT: String(port),
      SUBGRAPH_URLS: Object.entries(stack.subgraphs).map(([name, subgraph]) => `${name}=${subgraph.url}`).join(','),
      JWT_SECRET: TEST_JWT_SECRET,
      SUBGRAPH_SECRET: stack.config.auth.subgraphSecret,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: stack.config.redisKeyPrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('gateway started')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const ready = await fetch(new URL('/ready', url));
  if (ready.status !== 200) throw new Error(`the gateway process is not ready: ${ready.status}`);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
