// 11st (11번가) Seller Open API, providers/elevenst/README.md "Auth": one `openapikey` per seller.
// The key the sandbox accepts from the start; `npm start` seeds the demo tenant with it.
export const DEMO_ELEVENST_CREDENTIALS = { apiKey: 'demoElevenstApiKey0001' } as const;
