// Cafe24 Admin API, providers/cafe24/README.md: the app the sandbox accepts from the start.
export const DEMO_CAFE24_CREDENTIALS = { mallId: 'opsgraphdemo', clientId: 'demoCafe24ClientId0001', clientSecret: 'demoCafe24ClientSecret0001' } as const;
