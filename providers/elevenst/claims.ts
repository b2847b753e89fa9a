// 11st (11번가) claim lists, providers/elevenst/README.md "Claims" (11st guide 취소교환반품, apiSeq 1639-1651, 1724): two
// shapes, cancellations (ordPrdCnSeq, ordCnStatCd, createDt) and returns or exchanges (clmReqSeq, clmStat, reqDt).
import type { ElevenstClaim, ElevenstClaimList } from './types';
import type { RawFields } from './parse';

/** Which kind of claim each list holds. */
export const CLAIM_KINDS: Readonly<Record<ElevenstClaimList, ElevenstClaim['kind']>> = {
  cancelorders: 'cancel', canceledorders: 'cancel', withdrawcanceledorders: 'cancel',
  returnorders: 'return', returnedorders: 'return', exchangeorders: 'exchange', exchangedorders: 'exchange',
};

const count = (text: string | undefined) => (text && /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0);

export function toClaim(list: ElevenstClaimList, f: RawFields): ElevenstClaim {
  const kind = CLAIM_KINDS[list];
  const cancel = kind === 'cancel';
  return {
    list, kind,
    claimSeq: (cancel ? f.ordPrdCnSeq : f.clmReqSeq) ?? f.ordPrdCnSeq ?? f.clmReqSeq ?? '',
    ordNo: f.ordNo ?? '', ordPrdSeq: f.ordPrdSeq ?? '', prdNo: f.prdNo ?? '',
    status: (cancel ? f.ordCnStatCd : f.clmStat) ?? '',
    reasonCode: (cancel ? f.ordCnRsnCd : f.clmReqRsn) ?? '',
    reasonText: (cancel ? f.ordCnDtlsRsn : f.clmReqCont) ?? '',
    quantity: count(cancel ? f.ordCnQty : f.clmReqQty),
    requestedAt: (cancel ? f.createDt : f.reqDt) ?? '',
    raw: f,
  };
}
