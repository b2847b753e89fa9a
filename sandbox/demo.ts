// Credentials the sandbox accepts from the start, by lower-case provider name; `npm start` seeds the demo tenant
// with exactly these. Each module declares its own (sandbox/<name>/demo.ts); field names are the providers' own, as
// in `AddApiKeyInput.credentials` (docs/contract.md).
import { SANDBOX_MODULES } from './registry';

type Modules = typeof SANDBOX_MODULES;
export type DemoCredentials = {
  readonly [P in keyof Modules as Modules[P] extends null ? never : Lowercase<P>]: Modules[P] extends { demoCredentials: infer C } ? C : never;
};

export const DEMO_CREDENTIALS = Object.fromEntries(
  Object.values(SANDBOX_MODULES).flatMap((module) => (module ? [[module.provider, module.demoCredentials]] : [])),
) as DemoCredentials;
