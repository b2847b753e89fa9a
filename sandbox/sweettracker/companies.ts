// Sweet Tracker carrier codes (providers/sweettracker/README.md "Carrier list"): the t_code values its companylist returns.
export const COMPANIES = [
  { Code: '01', International: 'false', Name: '우체국택배' },
  { Code: '04', International: 'false', Name: 'CJ대한통운' },
  { Code: '05', International: 'false', Name: '한진택배' },
  { Code: '06', International: 'false', Name: '로젠택배' },
  { Code: '08', International: 'false', Name: '롯데택배' },
  { Code: '11', International: 'false', Name: '일양로지스' },
  { Code: '12', International: 'true', Name: 'EMS' },
  { Code: '13', International: 'true', Name: 'DHL' },
  { Code: '14', International: 'true', Name: 'UPS' },
  { Code: '21', International: 'true', Name: 'Fedex' },
  { Code: '25', International: 'true', Name: 'TNT Express' },
] as const;

export function companyName(code: string): string | undefined {
  return COMPANIES.find((c) => c.Code === code)?.Name;
}

/** Domestic carriers whose invoice numbers are 10-13 digits, most common first (what recommend guesses). */
export const DOMESTIC_BY_SHARE = ['04', '05', '08', '01', '06'];
