// KFTC Open Banking, providers/openbanking/README.md: the app the sandbox knows from the start (`npm start` seeds the
// demo tenant's key with it), its institution code (이용기관코드) and the account holder every consent logs in as.
export const DEMO_OPENBANKING_CREDENTIALS = {
  clientId: 'openbanking-sandbox-demo-client-0001',
  clientSecret: 'openbanking_sandbox_demo_secret_0001',
} as const;

export const DEMO_ORG_CODE = 'M202600001';
export const DEMO_USER_SEQ_NO = '1100000001';
export const DEMO_FINTECH_USE_NUM = '120260000001234567890123';
export const DEFAULT_REDIRECT_URIS = ['http://localhost:4000/oauth/openbanking/callback', 'https://opsgraph.test/oauth/openbanking/callback'];
