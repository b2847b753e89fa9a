export { PopbillClient, authUrlFor, isTestBed, type PopbillClientOptions } from './client';
export { popbillKind, popbillError, POPBILL_CODES } from './errors';
export type { PopbillIssueResponse, PopbillTaxinvoice, PopbillTaxinvoiceInfo } from './types';
