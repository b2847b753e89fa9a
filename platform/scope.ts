// Names of tenant-, partner- and platform-scoped things in Redis keys and pub/sub topics. Each scope has its own
// prefix and ids are percent-encoded (no ":" survives), so no tenant id can spell the platform's name, a
// partner's, or another tenant's key with a suffix: a tenant called "platform" or "partner:acme" is just that.
export const tenantScope = (tenantId: string) => `t:${encodeURIComponent(tenantId)}`;
export const partnerScope = (partnerId: string) => `p:${encodeURIComponent(partnerId)}`;
export const PLATFORM_SCOPE = 'platform';
