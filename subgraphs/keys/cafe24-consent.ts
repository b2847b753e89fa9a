// Cafe24's consent is the provider-neutral one (oauth-consent.ts) with the `consent` part of
// providers/cafe24/descriptor.ts. This name stays only because test/cafe24-connect.test.ts reads a pending consent
// by it. TODO: remove once that test imports oauthStateKey from oauth-consent.ts.
import { oauthStateKey } from './oauth-consent';

/** Only a hash of the state is stored: reading the store does not give a state one could complete. */
export const consentStateKey = (state: string) => oauthStateKey('cafe24', state);
