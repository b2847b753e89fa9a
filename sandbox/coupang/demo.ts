// Coupang WING Open API, providers/coupang/README.md (Auth header): the vendor the sandbox knows from the start.
// `npm start` seeds the demo tenant with exactly these; field names are docs/contract.md's `AddApiKeyInput.credentials`.
export const DEMO_COUPANG_CREDENTIALS = {
  vendorId: 'A00012345',
  accessKey: 'demo-coupang-access-0001',
  secretKey: 'demo-coupang-secret-0001',
} as const;
