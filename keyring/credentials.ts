// Which fields each provider's credentials need, checked on input so a missing one is named to the user,
// and which field is the secret whose last 4 characters identify a key. Each provider's descriptor declares
// both (providers/<name>/descriptor.ts); this file only applies them.
import { badUserInput } from '../platform/errors';
import { PROVIDER_NAMES, PROVIDERS as REGISTRY, type Provider } from '../providers/registry';

export const PROVIDERS = PROVIDER_NAMES;
export type { Provider };

/** Validates credentials for a provider; the error names the field, never its value. */
export function parseCredentials(provider: Provider, input: unknown): Record<string, string> {
  const schema = REGISTRY[provider].credentials;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badUserInput(`credentials must be a JSON object with ${Object.keys(schema.shape).join(', ')}`, 'credentials');
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'credentials');
    // A value that cannot be sent (a line break in a header, a mall id that is no host name) says why.
    if (issue?.code === 'custom') throw badUserInput(`${provider} credentials "${field}" ${issue.message}`, `credentials.${field}`);
    throw badUserInput(`${provider} credentials need a non-empty "${field}"`, `credentials.${field}`);
  }
  return parsed.data;
}

export function last4(provider: Provider, credentials: Record<string, string>): string {
  return credentials[REGISTRY[provider].secretField].slice(-4);
}
