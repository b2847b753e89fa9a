// AfterShip Tracking API (versioned), providers/aftership/README.md: the demo credentials the sandbox accepts from the start.
// Field names are those of `AddApiKeyInput.credentials` for AFTERSHIP: `apiKey`, and `webhookSecret` for signing.
export const DEMO_AFTERSHIP_CREDENTIALS = {
  apiKey: 'asat_demoAfterShipKey0001',
  webhookSecret: 'demo-aftership-webhook-secret',
} as const;
