// Toss Payments, providers/toss/README.md: the secret key the sandbox accepts from the start.
export const DEMO_TOSS_CREDENTIALS = { secretKey: 'test_sk_demoTossSecretKey0001' } as const;
