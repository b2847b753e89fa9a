// OpenAI API, providers/openai/README.md: the key the sandbox accepts from the start.
export const DEMO_OPENAI_CREDENTIALS = { apiKey: 'sk-demo-openai-key-0001' } as const;
