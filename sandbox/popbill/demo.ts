// Popbill (LinkHub), providers/popbill/README.md: the LinkID and secret key the sandbox accepts from the start (the
// secret is base64, as LinkHub issues them), and the demo seller's 사업자등록번호.
export const DEMO_POPBILL_CREDENTIALS = {
  linkId: 'OPSGRAPH_DEMO',
  secretKey: Buffer.from('opsgraph-sandbox-popbill-linkhub-secret-0001').toString('base64'),
  corpNum: '1234567890',
  corpName: '옵스그래프 데모상점',
  ceoName: '김데모',
} as const;
