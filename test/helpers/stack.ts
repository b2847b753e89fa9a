// One shared stack per test file: sandbox, database, subgraphs and gateway on port 0, torn down after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { startStack, type Stack } from '../../scripts/stack';
import { createLogger, type Logger } from '../../platform/logger';
import { signUserToken, type Role } from '../../platform/identity';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './database';
import { sandboxCalls, sandboxControlOk } from './sandbox';

export const TEST_JWT_SECRET = 'test-secret-for-opsgraph-tests-0123456789';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface TestStack extends Stack {
  token(tenant: string, roles?: Role[], sub?: string): Promise<string>;
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  sandboxCalls(): Promise<Record<string, { total: number; byEndpoint: Record<string, number>; byCredential: Record<string, number> }>>;
  sandboxControl(action: string, body?: unknown): Promise<any>;
}

export async function startTestStack(
  options: { embedded?: boolean; env?: Record<string, string>; keepData?: boolean; logger?: Logger } = {},
): Promise<TestStack> {
  let database: TestDatabase | null = null;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    REDIS_URL: options.embedded ? undefined : TEST_REDIS_URL,
    // Test files run in parallel against one Redis: each stack gets its own key space.
    REDIS_KEY_PREFIX: `opsgraph-test:${randomUUID()}:`,
    // No background syncs unless a test asks for them: they would race the syncs a test makes itself.
    SYNC_INTERVAL_MS: '0',
    ...options.env,
  };
  if (options.embedded) {
    env.DATABASE_URL = undefined;
    env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-embedded-'));
  } else {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
  }
  const stack = await startStack({ env, sandbox: true, ephemeralPorts: true, logger: options.logger ?? createLogger('test', 'silent') });
  const sandboxUrl = stack.sandbox!.url;
  return {
    ...stack,
    token: (tenant, roles = ['admin'], sub = `user-of-${tenant}`) => signUserToken({ sub, tenant, roles }, TEST_JWT_SECRET),
    async request(query, variables = {}, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(stack.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: any; errors?: any };
      return { status: response.status, headers: response.headers, ...body };
    },
    sandboxCalls: () => sandboxCalls(sandboxUrl),
    sandboxControl: (action, body = {}) => sandboxControlOk(sandboxUrl, action, body),
    async close() {
      await stack.close();
      await database?.drop();
      if (options.embedded && !options.keepData) fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
    },
  };
}

/** The project's own operations (operations/acceptance and operations/tests), by operation name. */
export function operation(name: string): string {
  const root = path.resolve(__dirname, '..', '..', 'operations');
  for (const dir of ['acceptance', 'tests']) {
    const folder = path.join(root, dir);
    if (!fs.existsSync(folder)) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.graphql'))) {
      const document = parse(fs.readFileSync(path.join(folder, file), 'utf8'));
      const found = document.definitions.find(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
      );
      if (found) return print(found);
    }
  }
  throw new Error(`No operation named ${name} in operations/acceptance or operations/tests`);
}
