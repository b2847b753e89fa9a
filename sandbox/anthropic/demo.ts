// Anthropic API, providers/anthropic/README.md: the key the sandbox accepts from the start.
export const DEMO_ANTHROPIC_CREDENTIALS = { apiKey: 'sk-ant-api03-demo-anthropic-key-0001' } as const;
