import type { KeyView } from '../../keyring/keyring';
import type { ApiKey, ApiKeyScope, ApiKeyStatus } from './schema/types';

export function toApiKey(key: KeyView): ApiKey {
  return {
    id: key.id, provider: key.provider, label: key.label, scope: key.scope as ApiKeyScope, last4: key.last4,
    dailyQuota: key.dailyQuota, usedToday: key.usedToday, status: key.status as ApiKeyStatus, consecutiveErrors: key.consecutiveErrors,
    disabledReason: key.disabledReason, lastUsedAt: key.lastUsedAt, ratePerSecond: key.ratePerSecond, rateBurst: key.rateBurst,
    tokensPerMinute: key.tokensPerMinute, tokensPerDay: key.tokensPerDay, createdAt: key.createdAt,
  };
}

