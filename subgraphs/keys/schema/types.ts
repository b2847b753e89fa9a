import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DateTime } from '../../../platform/graphql/scalars';
import { Provider } from '../../../platform/graphql/enums';

export enum ApiKeyScope { TENANT = 'TENANT', SHARED = 'SHARED' }
export enum ApiKeyStatus { ACTIVE = 'ACTIVE', COOLING_DOWN = 'COOLING_DOWN', EXHAUSTED = 'EXHAUSTED', DISABLED = 'DISABLED', NEEDS_CONSENT = 'NEEDS_CONSENT' }
registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });

@ObjectType({ description: 'A provider credential. The secret is write-only: only its last 4 characters are shown.' })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => Provider) provider!: Provider;
  @Field(() => String) label!: string;
  @Field(() => ApiKeyScope) scope!: ApiKeyScope;
  @Field(() => String) last4!: string;
  @Field(() => Int, { nullable: true, description: 'Calls per UTC day; null: the provider default (unlimited for most)' }) dailyQuota!: number | null;
  @Field(() => Int, { description: 'Calls counted today (UTC); resets at midnight UTC' }) usedToday!: number;
  @Field(() => ApiKeyStatus) status!: ApiKeyStatus;
  @Field(() => Int) consecutiveErrors!: number;
  @Field(() => String, { nullable: true, description: 'Why the key was disabled' }) disabledReason!: string | null;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Float, { nullable: true, description: "Calls per second; null: the provider's real limit" }) ratePerSecond!: number | null;
  @Field(() => Int, { nullable: true }) rateBurst!: number | null;
  @Field(() => Int, { nullable: true, description: 'LLM tokens per minute (OpenAI, Anthropic)' }) tokensPerMinute!: number | null;
  @Field(() => Int, { nullable: true, description: 'LLM tokens per UTC day' }) tokensPerDay!: number | null;
  @Field(() => DateTime) createdAt!: Date;
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

@InputType({ description: 'Fields left out stay as they are; null clears a limit back to the default.' })
export class UpdateApiKeyInput {
  @Field(() => String, { nullable: true }) label?: string;
  @Field(() => Int, { nullable: true }) dailyQuota?: number | null;
  @Field(() => Float, { nullable: true }) ratePerSecond?: number | null;
  @Field(() => Int, { nullable: true }) rateBurst?: number | null;
  @Field(() => Int, { nullable: true }) tokensPerMinute?: number | null;
  @Field(() => Int, { nullable: true }) tokensPerDay?: number | null;
}

@ObjectType()
export class ApiKeyTestResult {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true, description: "The provider's refusal, without any secret" }) error!: string | null;
}

@ObjectType()
export class ApiKeyUsage {
  @Field(() => ApiKey) key!: ApiKey;
  @Field(() => Int) calls!: number;
  @Field(() => Int) errors!: number;
}

@ObjectType({ description: 'Provider calls in a time range, as the key resolver recorded them' })
export class ApiUsageReport {
  @Field(() => Provider) provider!: Provider;
  @Field(() => Int) calls!: number;
  @Field(() => Int, { description: 'Calls that failed (provider errors, auth failures); rate-limited ones are counted apart' }) errors!: number;
  @Field(() => Int) rateLimited!: number;
  @Field(() => Int) p95LatencyMs!: number;
  @Field(() => Int) inputTokens!: number;
  @Field(() => Int) outputTokens!: number;
  @Field(() => Float) costUsd!: number;
  @Field(() => [ApiKeyUsage]) byKey!: ApiKeyUsage[];
}

@ObjectType({ description: 'The resolver moved a call from one key to another (or found none), and why' })
export class ApiKeyRotation {
  @Field(() => DateTime) at!: Date;
  @Field(() => Provider) provider!: Provider;
  @Field(() => ID, { nullable: true }) fromKeyId!: string | null;
  @Field(() => ID, { nullable: true }) toKeyId!: string | null;
  @Field(() => String) reason!: string;
}

@ObjectType({ description: 'A provider opsgraph knows, from its registry entry: what a key for it holds.' })
export class ProviderInfo {
  @Field(() => Provider) provider!: Provider;
  @Field(() => Boolean, { description: 'opsgraph calls it (false: its keys can be stored, nothing calls it yet)' }) served!: boolean;
  @Field(() => Boolean, { description: 'A marketplace: orders and products come from it' }) marketplace!: boolean;
  @Field(() => [String], { description: "The fields of AddApiKeyInput.credentials, in the provider's own names" }) credentialFields!: string[];
  @Field(() => String, { description: 'The field whose last 4 characters identify a key' }) secretField!: string;
  @Field(() => Int, { nullable: true, description: "A key's calls per UTC day when it sets none; null: unlimited" }) defaultDailyQuota!: number | null;
}
