// The modules the sandbox serves, derived from providers/registry.ts: each served provider's descriptor names its
// sandbox module (`sandbox` part), so a provider is still one folder per side and one registry line. The sandbox
// uses only the descriptors' `sandbox` parts, never the clients they also carry: it shares no behaviour with the
// clients it tests.
import type { ProviderDescriptor } from '../providers/descriptor';
import { PROVIDER_REGISTRY, type Provider, type ServedProvider } from '../providers/registry';
import type { SandboxModule } from './modules';

type Descriptor = (typeof PROVIDER_REGISTRY)[number];
type ModuleOf<P extends Provider> = Extract<Descriptor, { name: P }> extends { sandbox: { module: infer M } } ? M : null;
type SandboxTable = { readonly [P in Provider]: P extends ServedProvider ? ModuleOf<P> : null };

const rank = (d: ProviderDescriptor) => (d.served ? d.sandbox.seedRank : Number.MAX_SAFE_INTEGER);
const bySeedRank = [...PROVIDER_REGISTRY].sort((a, b) => rank(a) - rank(b));

/** Every provider's module, keyed by the GraphQL `Provider`, in seeding order (one seeded random sequence). */
export const SANDBOX_MODULES = Object.fromEntries(bySeedRank.map((d) => [d.name, d.served ? d.sandbox.module : null])) as SandboxTable;

/** Every provider's lower-case name, as `/__sandbox/calls` and `/__sandbox/faults` know them. */
export const SANDBOX_PROVIDERS = (Object.keys(SANDBOX_MODULES) as Provider[]).map((p) => p.toLowerCase()) as Array<Lowercase<Provider>>;

/** The modules of served providers, in seeding order. */
export const MODULES: SandboxModule[] = Object.values(SANDBOX_MODULES).filter((m): m is NonNullable<typeof m> => m !== null);
