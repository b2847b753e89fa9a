import { DateTime } from '../../../platform/graphql/scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Provider } from '../../../platform/graphql/enums';

export enum ApiKeyScope { TENANT = 'TENANT', SHARED = 'SHARED' }
export enum ApiKeyStatus { ACTIVE = 'ACTIVE', COOLING_DOWN = 'COOLING_DOWN', EXHAUSTED = 'EXHAUSTED', DISABLED = 'DISABLED' }
registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });

@ObjectType({ description: 'A provider credential. The secret is write-only: only its last 4 characters are shown.' })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => String) label!: string;
  @Field(() => ApiKeyScope) scope!: ApiKeyScope;
  @Field(() => String) last4!: string;
  @Field(() => Int, { nullable: true }) dailyQuota!: number | null;
  @Field(() => Int) usedToday!: number;
  @Field(() => ApiKeyStatus) status!: ApiKeyStatus;
  @Field(() => Int) consecutiveErrors!: number;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
}

@InputType()
export class AddApiKeyInput {
  @Field(() => Provider) provider!: Provider;
  @Field(() => String) label!: string;
  @Field(() => ApiKeyScope, { defaultValue: ApiKeyScope.TENANT }) scope!: ApiKeyScope;
  @Field(() => Int, { nullable: true }) dailyQuota?: number | null;
  @Field(() => GraphQLJSONObject, { description: "The provider's own field names, e.g. Sweet Tracker { apiKey }" })
  credentials!: Record<string, unknown>;
}
