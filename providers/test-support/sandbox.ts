// Test-only: starts the provider sandbox in-process and drives its control endpoints.
// The one place under providers/ that reaches the sandbox; client code never imports it.
import { startSandbox } from '../../sandbox/server';
import { sandboxControlOk } from '../../test/helpers/sandbox';

export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
  control(path: string, body?: unknown): Promise<unknown>;
  calls(provider: string): Promise<{ total: number; byEndpoint: Record<string, number>; byCredential: Record<string, number> }>;
}

export async function startTestSandbox(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0 });
  const url = sandbox.url.replace(/\/+$/, '');
  const control = (path: string, body?: unknown): Promise<unknown> => sandboxControlOk(url, path, body);
  return {
    url,
    close: async () => {
      await sandbox.close();
    },
    control,
    calls: async (provider) => {
      const all = (await control('calls')) as Record<string, { total: number; byEndpoint: Record<string, number>; byCredential: Record<string, number> }>;
      return all[provider] ?? { total: 0, byEndpoint: {}, byCredential: {} };
    },
  };
}

/** The last three months in Korean dates: Cafe24 refuses wider ranges. */
export function recentRange(): { startDate: string; endDate: string } {
  const kstDate = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
  return { startDate: kstDate(Date.now() - 89 * 86_400_000), endDate: kstDate(Date.now()) };
}

/**
 * The sandbox for the enclosing describe block (or file): started before its tests, closed after them. The object
 * returned reaches the started sandbox, so it is used inside tests and hooks registered after this call.
 */
export function useTestSandbox(): RunningSandbox {
  let started: RunningSandbox | undefined;
  beforeAll(async () => {
    started = await startTestSandbox();
  });
  afterAll(async () => {
    await started!.close();
  });
  const sandbox = (): RunningSandbox => {
    if (!started) throw new Error('useTestSandbox(): the sandbox starts in beforeAll; use it inside a test or a later hook');
    return started;
  };
  return {
    get url() {
      return sandbox().url;
    },
    close: () => sandbox().close(),
    control: (path, body) => sandbox().control(path, body),
    calls: (provider) => sandbox().calls(provider),
  };
}
