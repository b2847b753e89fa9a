// One Carrier enum and every code the outside world uses for it: each marketplace's carrier codes and each
// tracker's, one column per code system. Sources: each provider's README (providers/<name>/README.md): Naver
// deliveryCompany, Coupang deliveryCompanyCode, 11st dlvEtprsCd, Sweet Tracker t_code, AfterShip slug. Codes marked
// in comments as unverified follow the providers' published lists where those READMEs are silent. A new marketplace
// or tracker adds one column here (docs/adding-a-provider.md).
import { Carrier } from './graphql/enums';

export interface CarrierCodes {
  naver: string;
  coupang: string;
  elevenst: string | null;
  sweettracker: string;
  aftership: string;
  /** Carriers whose parcels cross borders are tracked through AfterShip. */
  international: boolean;
}

export const CARRIER_CODES: Record<Carrier, CarrierCodes> = {
  [Carrier.CJ]: { naver: 'CJGLS', coupang: 'CJGLS', elevenst: '00034', sweettracker: '04', aftership: 'cj-logistics', international: false },
  [Carrier.HANJIN]: { naver: 'HANJIN', coupang: 'HANJIN', elevenst: '00011', sweettracker: '05', aftership: 'hanjin', international: false },
  [Carrier.LOTTE]: { naver: 'HYUNDAI', coupang: 'HYUNDAI', elevenst: '00012', sweettracker: '08', aftership: 'lotte', international: false },
  [Carrier.EPOST]: { naver: 'EPOST', coupang: 'EPOST', elevenst: '00007', sweettracker: '01', aftership: 'kr-post', international: false },
  // 11st's 로젠 code (00002) is unverified.
  [Carrier.LOGEN]: { naver: 'KGB', coupang: 'KGB', elevenst: '00002', sweettracker: '06', aftership: 'logen', international: false },
  [Carrier.DHL]: { naver: 'DHL', coupang: 'DHL', elevenst: null, sweettracker: '13', aftership: 'dhl', international: true },
  [Carrier.FEDEX]: { naver: 'FEDEX', coupang: 'FEDEX', elevenst: null, sweettracker: '21', aftership: 'fedex', international: true },
  // Sweet Tracker's UPS is 14; its 25 is TNT Express (providers/sweettracker/README.md "Corrections").
  [Carrier.UPS]: { naver: 'UPS', coupang: 'UPS', elevenst: null, sweettracker: '14', aftership: 'ups', international: true },
  [Carrier.EMS]: { naver: 'EMS', coupang: 'EMS', elevenst: null, sweettracker: '12', aftership: 'kr-post', international: true },
};

export type CarrierCodeSystem = Exclude<keyof CarrierCodes, 'international'>;

/** The Carrier for a code of one system, or null when the code is not one we know. */
export function carrierFromCode(system: CarrierCodeSystem, code: string | null | undefined): Carrier | null {
  if (!code) return null;
  const upper = code.trim().toUpperCase();
  // Coupang and Naver both also call Lotte by its newer name.
  if ((system === 'naver' || system === 'coupang') && (upper === 'LOTTE' || upper === 'LOTTEGLOGIS')) return Carrier.LOTTE;
  if ((system === 'naver' || system === 'coupang') && upper === 'LOGEN') return Carrier.LOGEN;
  const found = (Object.entries(CARRIER_CODES) as Array<[Carrier, CarrierCodes]>).find(([, codes]) => {
    const value = codes[system];
    return value !== null && value.toUpperCase() === upper;
  });
  return found?.[0] ?? null;
}

export function carrierCode(system: CarrierCodeSystem, carrier: Carrier): string | null {
  return CARRIER_CODES[carrier][system];
}

/** Carriers by their Korean (or English) name, for marketplaces that name them instead of coding them
 * (a mall's shipping_company_name, a marketplace's deliveryCompanyName). */
const CARRIER_NAMES: Array<[RegExp, Carrier]> = [
  [/CJ|대한통운/i, Carrier.CJ],
  [/한진/, Carrier.HANJIN],
  [/롯데|현대택배/, Carrier.LOTTE],
  [/우체국|epost/i, Carrier.EPOST],
  [/로젠/, Carrier.LOGEN],
  [/DHL/i, Carrier.DHL],
  [/fedex|페덱스/i, Carrier.FEDEX],
  [/UPS/i, Carrier.UPS],
  [/EMS/i, Carrier.EMS],
];

export function carrierFromName(name: string | null | undefined): Carrier | null {
  if (!name) return null;
  return CARRIER_NAMES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}
