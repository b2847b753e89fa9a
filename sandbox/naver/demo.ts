// Naver Commerce API, providers/naver/README.md (Token, Signature): the application the sandbox accepts from the start.
// The client secret of a Naver application is a bcrypt salt, so the demo one is a real salt ($2a$, cost 4).
export const DEMO_NAVER_CREDENTIALS = {
  clientId: 'demoNaverClientId0001',
  // 22 salt characters; the last one is 'u' because bcrypt only keeps its top two bits (. O e u are canonical).
  clientSecret: '$2a$04$demoNaverSandboxSalt0u',
} as const;
