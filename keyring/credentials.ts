// Which fields each provider's credentials need, checked on input so a missing one is named to the user,
// and which field is the secret whose last 4 characters identify a key.
import { z } from 'zod';
import { badUserInput } from '../platform/errors';

export const PROVIDERS = [
  'NAVER', 'CAFE24', 'COUPANG', 'ELEVENST', 'SWEETTRACKER', 'AFTERSHIP',
  'PORTONE', 'TOSS', 'POPBILL', 'OPENBANKING', 'OPENAI', 'ANTHROPIC',
] as const;
export type Provider = (typeof PROVIDERS)[number];

const text = z.string().trim().min(1);

export const CREDENTIAL_SCHEMAS: Record<Provider, { schema: z.ZodObject<z.ZodRawShape>; secretField: string }> = {
  NAVER: { schema: z.object({ clientId: text, clientSecret: text }), secretField: 'clientSecret' },
  CAFE24: { schema: z.object({ mallId: text, clientId: text, clientSecret: text }), secretField: 'clientSecret' },
  COUPANG: { schema: z.object({ vendorId: text, accessKey: text, secretKey: text }), secretField: 'secretKey' },
  ELEVENST: { schema: z.object({ apiKey: text }), secretField: 'apiKey' },
  SWEETTRACKER: { schema: z.object({ apiKey: text }), secretField: 'apiKey' },
  // The webhook secret signs AfterShip's webhooks to us (aftership-hmac-sha256); optional until webhooks are set up.
  AFTERSHIP: { schema: z.object({ apiKey: text, webhookSecret: text.optional() }), secretField: 'apiKey' },
  PORTONE: { schema: z.object({ apiSecret: text }), secretField: 'apiSecret' },
  TOSS: { schema: z.object({ secretKey: text }), secretField: 'secretKey' },
  POPBILL: { schema: z.object({ linkId: text, secretKey: text, corpNum: text }), secretField: 'secretKey' },
  OPENBANKING: { schema: z.object({ clientId: text, clientSecret: text }), secretField: 'clientSecret' },
  OPENAI: { schema: z.object({ apiKey: text }), secretField: 'apiKey' },
  ANTHROPIC: { schema: z.object({ apiKey: text }), secretField: 'apiKey' },
};

/** Validates credentials for a provider; the error names the field, never its value. */
export function parseCredentials(provider: Provider, input: unknown): Record<string, string> {
  const entry = CREDENTIAL_SCHEMAS[provider];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badUserInput(`credentials must be a JSON object with ${Object.keys(entry.schema.shape).join(', ')}`, 'credentials');
  }
  const parsed = entry.schema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'credentials');
    throw badUserInput(`${provider} credentials need a non-empty "${field}"`, `credentials.${field}`);
  }
  return parsed.data as Record<string, string>;
}

export function last4(provider: Provider, credentials: Record<string, string>): string {
  return credentials[CREDENTIAL_SCHEMAS[provider].secretField].slice(-4);
}
