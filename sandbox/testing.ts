// Helpers shared by the sandbox's own tests (not used by the sandbox itself): a fixed clock and short
// ways to call the control endpoints and get a Cafe24 token.
import { sandboxControl } from '../test/helpers/sandbox';
import { DEMO_CREDENTIALS } from './demo';
import { consentAsMallAdmin } from './cafe24/browser';
import type { Sandbox } from './server';

/** 2026-01-15 12:00 KST: a fixed clock base so seeded orders and dates are the same on every run. */
export const T0 = Date.parse('2026-01-15T12:00:00+09:00');
export const fixedClock = () => T0;

/** Response bodies are `unknown` in the fetch types; tests read them loosely. */
export const readJson = (res: Response): Promise<any> => res.json() as Promise<any>;

export const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

export async function control(sandbox: Sandbox, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const { status, body: reply } = await sandboxControl(sandbox.url, path, body);
  return { status, body: reply };
}

export const cafe24Base = (sandbox: Sandbox, mallId: string = DEMO_CREDENTIALS.cafe24.mallId) => `${sandbox.url}/cafe24/${mallId}`;

/** Runs the authorization-code flow for the demo app, asking for `scope`, and returns the token response. */
export async function cafe24Token(
  sandbox: Sandbox,
  app: { mallId: string; clientId: string; clientSecret: string } = DEMO_CREDENTIALS.cafe24,
  scope = 'mall.read_order',
): Promise<any> {
  const base = cafe24Base(sandbox, app.mallId);
  const redirect = 'https://opsgraph.test/oauth/cafe24/callback';
  const location = await consentAsMallAdmin(
    `${base}/api/v2/oauth/authorize?response_type=code&client_id=${app.clientId}&state=s1&redirect_uri=${encodeURIComponent(redirect)}&scope=${scope}`,
    { adminId: app.mallId },
  );
  const code = location.searchParams.get('code')!;
  const res = await fetch(`${base}/api/v2/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(`${app.clientId}:${app.clientSecret}`), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }).toString(),
  });
  return readJson(res);
}
