// connectOpenBanking: an Open Banking key is stored waiting for the account holder's consent, and the answer is
// KFTC's authorize URL (subgraphs/keys/oauth-consent.ts completes it at the gateway's callback).
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { INPUT_LIMITS, checkLength } from '../../../platform/input-limits';
import { requireRole } from '../../../platform/identity';
import { beginConsent, consentProvider } from '../oauth-consent';
import type { KeysContext } from '../context';

@InputType({ description: "An Open Banking app registered at KFTC's developer site: its client id and secret" })
export class ConnectOpenBankingInput {
  @Field(() => String) clientId!: string;
  @Field(() => String, { description: 'Write-only: stored sealed, never shown again' }) clientSecret!: string;
  @Field(() => String) label!: string;
}

@ObjectType({ description: 'An Open Banking key waiting for consent, and where the account holder gives it' })
export class OpenBankingConnection {
  @Field(() => ID) keyId!: string;
  @Field(() => String, { description: "KFTC's authorize URL: open it in a browser, authenticate and register the accounts; valid 10 minutes" })
  authorizeUrl!: string;
}

@Resolver()
export class OpenBankingConnectionResolver {
  @Authorized('admin')
  @Mutation(() => OpenBankingConnection, { description: 'Stores an Open Banking key (status NEEDS_CONSENT) and returns the authorize URL that connects it (admin).' })
  async connectOpenBanking(@Ctx() ctx: KeysContext, @Arg('input', () => ConnectOpenBankingInput) input: ConnectOpenBankingInput): Promise<OpenBankingConnection> {
    requireRole(ctx.identity, 'admin');
    if (!input.label.trim()) throw badUserInput('"label" must not be empty', 'label');
    checkLength('label', input.label, INPUT_LIMITS.keyLabel);
    for (const field of ['clientId', 'clientSecret'] as const) checkLength(field, input[field], INPUT_LIMITS.credentialValue);
    const credentials = { clientId: input.clientId, clientSecret: input.clientSecret };
    const key = await ctx.keyring.addKey({
      tenantId: ctx.identity.tenant, provider: 'OPENBANKING', label: input.label.trim(), credentials, status: 'NEEDS_CONSENT',
    });
    const provider = consentProvider('OPENBANKING', { baseUrls: ctx.probeBaseUrls, settings: ctx.providerSettings });
    const authorizeUrl = await beginConsent({ keyring: ctx.keyring, kv: ctx.kv }, provider, { tenantId: ctx.identity.tenant, keyId: key.id, credentials });
    return { keyId: key.id, authorizeUrl };
  }
}
