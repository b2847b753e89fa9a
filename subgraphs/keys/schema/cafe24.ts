// connectCafe24 / reconnectCafe24: a Cafe24 key is stored waiting for the mall administrator's consent, and the
// answer is the authorize URL to open in a browser (subgraphs/keys/oauth-consent.ts completes it).
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { INPUT_LIMITS, checkLength } from '../../../platform/input-limits';
import { requireRole } from '../../../platform/identity';
import { beginConsent, consentProvider } from '../oauth-consent';
import type { KeysContext } from '../context';

@InputType({ description: "A Cafe24 app installed on a mall: the mall id and the app's client id and secret" })
export class ConnectCafe24Input {
  @Field(() => String, { description: 'The mall id: the first label of {mall_id}.cafe24api.com' }) mallId!: string;
  @Field(() => String) clientId!: string;
  @Field(() => String, { description: 'Write-only: stored sealed, never shown again' }) clientSecret!: string;
  @Field(() => String) label!: string;
}

@ObjectType({ description: 'A Cafe24 key waiting for consent, and where the mall administrator gives it' })
export class Cafe24Connection {
  @Field(() => ID) keyId!: string;
  @Field(() => String, { description: "Cafe24's authorize URL: open it in a browser, log in as the mall administrator and consent; valid 10 minutes" })
  authorizeUrl!: string;
}

const beginCafe24Consent = (ctx: KeysContext, key: { tenantId: string; keyId: string; credentials: Record<string, string> }) =>
  beginConsent(ctx, consentProvider('CAFE24', { baseUrls: ctx.probeBaseUrls, settings: ctx.providerSettings }), key);

@Resolver()
export class Cafe24ConnectionResolver {
  @Authorized('admin')
  @Mutation(() => Cafe24Connection, { description: 'Stores a Cafe24 key (status NEEDS_CONSENT) and returns the authorize URL that connects it (admin).' })
  async connectCafe24(@Ctx() ctx: KeysContext, @Arg('input', () => ConnectCafe24Input) input: ConnectCafe24Input): Promise<Cafe24Connection> {
    requireRole(ctx.identity, 'admin');
    if (!input.label.trim()) throw badUserInput('"label" must not be empty', 'label');
    checkLength('label', input.label, INPUT_LIMITS.keyLabel);
    for (const field of ['mallId', 'clientId', 'clientSecret'] as const) checkLength(field, input[field], INPUT_LIMITS.credentialValue);
    const credentials = { mallId: input.mallId, clientId: input.clientId, clientSecret: input.clientSecret };
    const key = await ctx.keyring.addKey({
      tenantId: ctx.identity.tenant, provider: 'CAFE24', label: input.label.trim(), credentials, status: 'NEEDS_CONSENT',
    });
    const authorizeUrl = await beginCafe24Consent(ctx, { tenantId: ctx.identity.tenant, keyId: key.id, credentials });
    return { keyId: key.id, authorizeUrl };
  }

  @Authorized('admin')
  @Mutation(() => Cafe24Connection, { description: 'A new authorize URL for a Cafe24 key that waits for consent (after its grant expired) (admin).' })
  async reconnectCafe24(@Ctx() ctx: KeysContext, @Arg('keyId', () => ID) keyId: string): Promise<Cafe24Connection> {
    requireRole(ctx.identity, 'admin');
    const owner = { tenantId: ctx.identity.tenant, platform: false };
    const key = await ctx.keyring.getKey(keyId, owner);
    if (key.provider !== 'CAFE24' || key.status !== 'NEEDS_CONSENT') {
      throw badUserInput(`key "${keyId}" is not a Cafe24 key waiting for consent (its status is ${key.status})`, 'keyId');
    }
    const { credentials } = await ctx.keyring.leaseOf(keyId, owner);
    const authorizeUrl = await beginCafe24Consent(ctx, { tenantId: ctx.identity.tenant, keyId, credentials });
    return { keyId, authorizeUrl };
  }
}
