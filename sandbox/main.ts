// Runs the provider sandbox on its own: `node -r ./platform/register.js sandbox/main.ts`.
// The only place that reads SANDBOX_PORT (docs/contract.md "Ports").
import { startSandbox } from './server';

async function main(): Promise<void> {
  const raw = process.env.SANDBOX_PORT ?? '4010';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number from 0 to 65535, but got "${raw}"`);
  }
  const sandbox = await startSandbox({ port, host: '0.0.0.0' });
  console.log(`provider sandbox listening on ${sandbox.url}`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
