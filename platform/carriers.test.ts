import { Carrier } from './graphql/enums';
import { CARRIER_CODES, carrierCode, carrierFromCode, carrierFromName, type CarrierCodeSystem } from './carriers';

describe('carrier codes', () => {
  test('every carrier maps to a code in each system and back (where the system has one)', () => {
    const systems: CarrierCodeSystem[] = ['naver', 'coupang', 'elevenst', 'sweettracker'];
    for (const carrier of Object.values(Carrier)) {
      for (const system of systems) {
        const code = carrierCode(system, carrier);
        if (code === null) continue;
        // EMS and EPOST share AfterShip's slug, so only the other systems must round-trip exactly.
        expect(carrierFromCode(system, code)).toBe(carrier);
      }
    }
  });

  test('known aliases and unknown codes', () => {
    expect(carrierFromCode('coupang', 'LOTTE')).toBe(Carrier.LOTTE);
    expect(carrierFromCode('naver', 'cjgls')).toBe(Carrier.CJ);
    expect(carrierFromCode('naver', 'NOPE')).toBeNull();
    expect(carrierFromCode('elevenst', undefined)).toBeNull();
  });

  test("Sweet Tracker's UPS is 14, and its 25 (TNT Express) is no carrier of ours", () => {
    expect(carrierCode('sweettracker', Carrier.UPS)).toBe('14');
    expect(carrierFromCode('sweettracker', '14')).toBe(Carrier.UPS);
    expect(carrierFromCode('sweettracker', '25')).toBeNull();
  });

  test('international carriers are tracked through AfterShip', () => {
    expect(Object.entries(CARRIER_CODES).filter(([, c]) => c.international).map(([k]) => k).sort()).toEqual(['DHL', 'EMS', 'FEDEX', 'UPS']);
  });

  test('carriers named in Korean or English are recognised, others are not', () => {
    expect(carrierFromName('CJ 대한통운')).toBe(Carrier.CJ);
    expect(carrierFromName('롯데택배')).toBe(Carrier.LOTTE);
    expect(carrierFromName('우체국택배')).toBe(Carrier.EPOST);
    expect(carrierFromName('FedEx')).toBe(Carrier.FEDEX);
    expect(carrierFromName('동네택배')).toBeNull();
  });
});
