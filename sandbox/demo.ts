// Credentials the sandbox accepts from the start; `npm start` seeds the demo tenant with exactly these.
// Field names are the providers' own, as in CONTRACT.md `AddApiKeyInput.credentials`.
export const DEMO_CREDENTIALS = {
  cafe24: { mallId: 'opsgraphdemo', clientId: 'demoCafe24ClientId0001', clientSecret: 'demoCafe24ClientSecret0001' },
  toss: { secretKey: 'test_sk_demoTossSecretKey0001' },
  sweettracker: { apiKey: 'demoSweetTrackerKey0001' },
  openai: { apiKey: 'sk-demo-openai-key-0001' },
} as const;
