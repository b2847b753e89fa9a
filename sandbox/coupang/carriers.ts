// Coupang WING Open API, providers/coupang/README.md (invoice upload, UNVERIFIED there; codes from Coupang's
// deliveryCompanyCode table): which Coupang carrier code is which Sweet Tracker t_code, so shipped boxes
// can be tracked through the Sweet Tracker sandbox.

export interface Carrier {
  name: string; // deliveryCompanyName as the order sheet shows it
  tCode: string; // Sweet Tracker t_code
}

/** HYUNDAI and KGB are Coupang's historical codes for 롯데택배 and 로젠택배; LOTTE and LOGEN are accepted as aliases. */
export const COUPANG_CARRIERS: Readonly<Record<string, Carrier>> = {
  CJGLS: { name: 'CJ 대한통운', tCode: '04' },
  HANJIN: { name: '한진택배', tCode: '05' },
  HYUNDAI: { name: '롯데택배', tCode: '08' },
  LOTTE: { name: '롯데택배', tCode: '08' },
  KGB: { name: '로젠택배', tCode: '06' },
  LOGEN: { name: '로젠택배', tCode: '06' },
  EPOST: { name: '우체국', tCode: '01' },
};
