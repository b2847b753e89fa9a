import { Ctx, Field, ID, Int, ObjectType, Resolver, Root, Subscription, registerEnumType } from 'type-graphql';
import { Provider } from '../../../platform/graphql/enums';
import { DateTime } from '../../../platform/graphql/scalars';
import { eventSource } from '../../../platform/graphql/subscriptions';
import { hasRole } from '../../../platform/identity';
import { topics, type EventOf, type OpsEvent } from '../../../platform/events';
import type { KeysContext } from '../context';

export enum ApiKeyAlertKind { QUOTA_80 = 'QUOTA_80', QUOTA_100 = 'QUOTA_100', DISABLED = 'DISABLED', NEEDS_CONSENT = 'NEEDS_CONSENT' }
registerEnumType(ApiKeyAlertKind, {
  name: 'ApiKeyAlertKind',
  description: "A key passed 80% or 100% of its daily quota, was disabled, or lost its grant and waits for the mall administrator's consent",
});

@ObjectType({ description: "Something an admin must know about one of the tenant's provider keys, as it happens." })
export class ApiKeyAlert {
  @Field(() => ID) keyId!: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => ApiKeyAlertKind) kind!: ApiKeyAlertKind;
  @Field(() => Int, { nullable: true }) used!: number | null;
  @Field(() => Int, { nullable: true }) dailyQuota!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the key was disabled or needs consent' }) reason!: string | null;
  @Field(() => DateTime) at!: Date;
}

type KeyEvent = EventOf<'key.quota'> | EventOf<'key.disabled'> | EventOf<'key.needs_consent'>;

@Resolver()
export class ApiKeyAlertResolver {
  @Subscription(() => ApiKeyAlert, {
    description: "Quota, disabled-key and needs-consent alerts for the tenant's keys (admin); the platform role also gets the shared pool's.",
    subscribe: ({ context }) => {
      const ctx = context as KeysContext;
      const names = [topics.keys(ctx.identity.tenant), ...(hasRole(ctx.identity, 'platform') ? [topics.keys(null)] : [])];
      return eventSource(ctx, 'admin', names, (event: OpsEvent): event is KeyEvent => event.type === 'key.quota' || event.type === 'key.disabled' || event.type === 'key.needs_consent');
    },
  })
  apiKeyAlerts(@Root() event: KeyEvent, @Ctx() _ctx: KeysContext): ApiKeyAlert {
    const quota = event.type === 'key.quota' ? event : null;
    return {
      keyId: event.keyId,
      provider: event.provider as Provider,
      kind: quota ? (quota.threshold === 100 ? ApiKeyAlertKind.QUOTA_100 : ApiKeyAlertKind.QUOTA_80)
        : event.type === 'key.needs_consent' ? ApiKeyAlertKind.NEEDS_CONSENT : ApiKeyAlertKind.DISABLED,
      used: quota?.used ?? null,
      dailyQuota: quota?.quota ?? null,
      reason: event.type === 'key.quota' ? null : event.reason,
      at: new Date(event.at),
    };
  }
}
