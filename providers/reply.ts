// Provider replies are checked, not cast: each client describes the fields it uses as a zod schema, and a reply
// that does not fit is a ProviderError naming the field ("trackingDetails.0.time: expected number, received
// string"), instead of an `undefined` found far downstream. Fields a client does not use are let through unread.
import type { z } from 'zod';
import { ProviderError, type ProviderName } from './errors';

export function checkReply<S extends z.ZodTypeAny>(
  provider: ProviderName,
  what: string,
  schema: S,
  body: unknown,
  secrets: ReadonlyArray<string | undefined | null> = [],
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : '(the whole reply)';
  return failReply(provider, what, `${field}: ${issue.message}`, secrets);
}

function failReply(provider: ProviderName, what: string, detail: string, secrets: ReadonlyArray<string | undefined | null>): never {
  // `server`: the provider answered something we cannot read; retrying another key will not help, nor will the user.
  throw new ProviderError({ provider, kind: 'server', message: `${what} failed: the reply does not have the expected shape (${detail})`, secrets });
}
