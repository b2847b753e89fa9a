// `testApiKey`: each provider's cheapest authenticated call, made with one specific key. The calls themselves are
// in each provider's descriptor (`probe` in providers/<name>/descriptor.ts); a provider not served yet has none.
import type { Provider } from '../../keyring/credentials';
import type { KeySession } from '../../providers/descriptor';
import { lowerName, PROVIDERS, type ServedProvider } from '../../providers/registry';

export type ProbeBaseUrls = Record<Lowercase<ServedProvider>, string>;
type Credentials = Record<string, string>;
/** `settings`: the providers' own settings (`config.providers`, e.g. a redirect URI), as each descriptor names them. */
type Probe = (urls: ProbeBaseUrls, c: Credentials, settings: Readonly<Record<string, string>>, session?: KeySession) => Promise<unknown>;

function probeOf(provider: Provider): Probe | undefined {
  const descriptor = PROVIDERS[provider];
  if (!descriptor.served) return undefined;
  return (urls, credentials, settings, session) =>
    descriptor.probe({ baseUrl: urls[lowerName(descriptor.name)], credentials, settings: { ...settings }, session });
}

export const PROBES = Object.fromEntries(
  (Object.keys(PROVIDERS) as Provider[]).map((provider) => [provider, probeOf(provider)]),
) as { readonly [P in Provider]: P extends ServedProvider ? Probe : undefined };
