// Turns a provider client's failure into the GraphQL error a client sees on that one field:
// throttling is RATE_LIMITED with retryAfter, everything else PROVIDER_UNAVAILABLE. Never the raw message
// of an unknown error, which could carry a URL with a key in it.
import { GraphQLError } from 'graphql';
import { ProviderError } from '../../providers/errors';
import { providerUnavailable, rateLimited } from '../../platform/errors';

export function providerFailure(provider: string, error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof ProviderError) {
    if (error.kind === 'rate_limited') return rateLimited(provider, Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)));
    return providerUnavailable(provider, error.message);
  }
  return providerUnavailable(provider, 'the call failed');
}
