// The provider sandbox's control endpoints (docs/contract.md "Provider sandbox control"), for every test that drives
// a sandbox: the cross-process tests (stack.ts), the clients' tests (providers/test-support) and the sandbox's own.
export type ProviderCalls = { total: number; byEndpoint: Record<string, number>; byCredential: Record<string, number> };

/** GET `/__sandbox/<path>` when no body is given, else POST it as JSON; the reply's status and parsed body. */
export async function sandboxControl(sandboxUrl: string, path: string, body?: unknown): Promise<{ status: number; ok: boolean; body: any }> {
  const response = await fetch(`${sandboxUrl.replace(/\/+$/, '')}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

/** The same, for callers that only expect success: a refusal throws with the sandbox's answer. */
export async function sandboxControlOk(sandboxUrl: string, path: string, body?: unknown): Promise<any> {
  const reply = await sandboxControl(sandboxUrl, path, body);
  if (!reply.ok) throw new Error(`sandbox ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Every provider's call counters (`GET /__sandbox/calls`). */
export async function sandboxCalls(sandboxUrl: string): Promise<Record<string, ProviderCalls>> {
  return sandboxControlOk(sandboxUrl, 'calls');
}

let invoiceSeq = 0;
/** An invoice number in CJ's format (12 digits) that no sandbox parcel uses yet; `prefix` keeps files' numbers apart. */
export const freshInvoice = (prefix = '7') => `${prefix}${String(Date.now() % 1e9).padStart(9, '0')}${String(invoiceSeq++ % 100).padStart(2, '0')}`;
