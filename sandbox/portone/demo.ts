// PortOne V2, providers/portone/README.md: the API secret the sandbox accepts from the start, and the webhook
// secret it signs webhooks with (Standard Webhooks: `whsec_` + base64 of the key bytes).
export const DEMO_PORTONE_CREDENTIALS = {
  apiSecret: 'portone_sandbox_demo_api_secret_0001',
  webhookSecret: `whsec_${Buffer.from('opsgraph-sandbox-portone-webhook-secret-01').toString('base64')}`,
} as const;
