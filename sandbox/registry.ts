// Every provider the sandbox serves, one line each, keyed by the GraphQL `Provider` of providers/registry.ts. The
// type below makes the compiler refuse a served provider without a module here, and a module for one that is not
// served. Only the provider *types* are imported: the sandbox shares no code with the clients it tests.
import type { Provider, ServedProvider } from '../providers/registry';
import { aftershipModule } from './aftership';
import { anthropicModule } from './anthropic';
import { cafe24Module } from './cafe24';
import { coupangModule } from './coupang';
import { elevenstModule } from './elevenst';
import type { SandboxModule } from './modules';
import { naverModule } from './naver';
import { openaiModule } from './openai';
import { popbillModule } from './popbill';
import { openbankingModule } from './openbanking';
import { portoneModule } from './portone';
import { sweettrackerModule } from './sweettracker';
import { tossModule } from './toss';

type SandboxTable = { readonly [P in Provider]: P extends ServedProvider ? SandboxModule : null };

// Seeds run in this order (they share one seeded random sequence), so new lines go before the planned ones.
export const SANDBOX_MODULES = {
  CAFE24: cafe24Module,
  TOSS: tossModule,
  SWEETTRACKER: sweettrackerModule,
  OPENAI: openaiModule,
  AFTERSHIP: aftershipModule,
  ELEVENST: elevenstModule,
  COUPANG: coupangModule,
  NAVER: naverModule,
  PORTONE: portoneModule,
  ANTHROPIC: anthropicModule,
  POPBILL: popbillModule,
  OPENBANKING: openbankingModule,
} as const satisfies SandboxTable;

/** Every provider's lower-case name, as `/__sandbox/calls` and `/__sandbox/faults` know them. */
export const SANDBOX_PROVIDERS = (Object.keys(SANDBOX_MODULES) as Provider[]).map((p) => p.toLowerCase()) as Array<Lowercase<Provider>>;

/** The modules of served providers, in seeding order. */
export const MODULES: SandboxModule[] = Object.values(SANDBOX_MODULES).filter((m): m is NonNullable<typeof m> => m !== null);
