// Turns a provider client's failure into the GraphQL error a client sees on that one field:
// throttling is RATE_LIMITED with retryAfter, any other ProviderError PROVIDER_UNAVAILABLE. Anything else
// (the database, Redis, a bug) failed here, not at the provider: INTERNAL_SERVER_ERROR, with a neutral message.
// Never the raw message of an unknown error, which could carry a URL with a key in it.
import { GraphQLError } from 'graphql';
import { ProviderError } from '../../providers/errors';
import { internal, providerUnavailable, rateLimited } from '../../platform/errors';

export function providerFailure(provider: string, error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof ProviderError) {
    if (error.kind === 'rate_limited') return rateLimited(provider, Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)));
    return providerUnavailable(provider, error.message);
  }
  return internal(`Handling the ${provider} call failed inside opsgraph`);
}
