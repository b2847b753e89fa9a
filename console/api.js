// The console is a frontend like any other: it speaks only the public API, POST /graphql with the user's token and
// graphql-ws on the same path (connectionParams.authorization), using graphql-ws's own UMD build (window.graphqlWs).
const TOKEN_KEY = 'opsgraph.token';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  save(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  /** The token's claims, for display only: the gateway verifies the token, not the console. */
  claims() {
    try {
      const payload = session.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload));
    } catch {
      return {};
    }
  },
};

export class GraphQLRequestError extends Error {
  constructor(errors) {
    super(errors.map((error) => error.message).join('; '));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
  }
}

/** Runs one operation over HTTP; throws GraphQLRequestError with the API's own messages and codes. */
export async function request(query, variables = {}, token = session.token) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError([{ message: `The gateway answered ${response.status} without JSON` }]);
  }
  if (body.errors?.length) {
    const error = new GraphQLRequestError(body.errors);
    if (error.code === 'UNAUTHENTICATED') window.dispatchEvent(new CustomEvent('opsgraph:unauthenticated', { detail: error.message }));
    throw error;
  }
  return body.data;
}

let client = null;
const statusListeners = new Set();

function setLiveStatus(state) {
  for (const listener of statusListeners) listener(state);
}

export function onLiveStatus(listener) {
  statusListeners.add(listener);
}

function liveClient() {
  if (client) return client;
  const url = new URL('/graphql', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  client = window.graphqlWs.createClient({
    url: url.toString(),
    // A function, so a reconnect sends the token of the moment.
    connectionParams: () => ({ authorization: `Bearer ${session.token}` }),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: (event) => !(event && event.code === 4401),
    on: {
      connecting: () => setLiveStatus('connecting'),
      connected: () => setLiveStatus('connected'),
      closed: (event) => setLiveStatus(event && event.code === 4401 ? 'unauthorized' : 'closed'),
    },
  });
  return client;
}

/** Subscribes over graphql-ws; returns the function that ends the subscription. */
export function subscribe(query, variables, { next, error }) {
  return liveClient().subscribe(
    { query, variables },
    {
      next: (result) => (result.errors?.length ? error(new GraphQLRequestError(result.errors)) : next(result.data)),
      error: (cause) => error(cause instanceof Error ? cause : new Error(cause?.reason || 'The live connection closed')),
      complete: () => undefined,
    },
  );
}

export function closeLive() {
  client?.dispose();
  client = null;
}
