// The official SDKs ship no types: the parts of them providers/popbill/client.ts uses.
declare module 'popbill/lib/TaxinvoiceService' {
  type Ok = (value: unknown) => void;
  type Fail = (error: unknown) => void;
  class TaxinvoiceService {
    constructor(config: { LinkID: string; SecretKey: string; IsTest: boolean; IPRestrictOnOff?: boolean; UseLocalTimeYN?: boolean; defaultErrorHandler?: Fail });
    ServiceID: string;
    _getScopes(): string[];
    _getToken: (corpNum: string) => (success: Ok, error?: Fail) => unknown;
    _makeRequest: (options: { host: string; path: string; method: string; headers: Record<string, string> }, success: Ok, error: Fail) => { write(chunk: unknown): void; end(): void };
    registIssue(corpNum: string, taxinvoice: object, writeSpecification: boolean, forceIssue: boolean, memo: string, emailSubject: string, dealInvoiceMgtKey: string, userId: string, success: Ok, error: Fail): void;
    getInfo(corpNum: string, keyType: 'SELL', mgtKey: string, userId: string, success: Ok, error: Fail): void;
    cancelIssue(corpNum: string, keyType: 'SELL', mgtKey: string, memo: string, userId: string, success: Ok, error: Fail): void;
  }
  export = TaxinvoiceService;
}

declare module 'linkhub' {
  interface TokenBuilder {
    newToken(serviceId: string, accessId: string, scopes: string[], forwardIp: string | null, useStaticIp: boolean, useGaIp: boolean): (success: (token: unknown) => void, error: (error: unknown) => void) => unknown;
    httpRequest: (data: string | null, options: { host: string; path: string; method: string; headers: Record<string, string> }) => (success: (value: unknown) => void, error: (error: unknown) => void) => void;
  }
  export function TokenBuilder(options: { LinkID: string; SecretKey: string; UseLocalTimeYN?: boolean }): TokenBuilder;
}
