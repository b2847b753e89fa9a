// 11st carrier codes (dlvEtprsCd, providers/elevenst/README.md "Actions") and the Sweet Tracker t_code (§5) of each,
// so a parcel dispatched at 11st can be tracked by the Sweet Tracker sandbox.
// 00034 CJ, 00011 한진, 00007 우체국, 00012 롯데 are in §4; 00002 로젠 is UNVERIFIED.
export const ELEVENST_CARRIERS: Readonly<Record<string, { tCode: string; name: string }>> = {
  '00034': { tCode: '04', name: 'CJ대한통운' },
  '00011': { tCode: '05', name: '한진택배' },
  '00012': { tCode: '08', name: '롯데택배' },
  '00007': { tCode: '01', name: '우체국택배' },
  '00002': { tCode: '06', name: '로젠택배' },
};

/** dlvMthdCd 01 = 택배 is the only delivery method whose dispatch carries an invoice. */
export const PARCEL_DELIVERY_METHOD = '01';
