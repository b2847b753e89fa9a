// GraphiQL against this gateway. The token goes in the headers editor: {"authorization": "Bearer …"}; over HTTP it
// is sent as a header, and for subscriptions (graphql-ws on the same /graphql path) as connectionParams.
(function () {
  const url = new URL('/graphql', location.href).toString();
  const wsUrl = url.replace(/^http/, 'ws');
  // Signed in to the console in this tab: start with its token, so the first query just works.
  const token = sessionStorage.getItem('opsgraph.token');
  const headers = JSON.stringify({ authorization: token ? `Bearer ${token}` : 'Bearer <paste a token from npm run token>' }, null, 2);

  const httpFetcher = GraphiQL.createFetcher({ url });
  let ws = null;
  let wsAuthorization = null;
  function wsClient(authorization) {
    if (ws && wsAuthorization === authorization) return ws;
    ws?.dispose();
    wsAuthorization = authorization;
    ws = graphqlWs.createClient({ url: wsUrl, connectionParams: { authorization }, lazy: true });
    return ws;
  }

  function fetcher(params, options) {
    const isSubscription = /^\s*subscription\b/m.test(params.query) && (!params.operationName || new RegExp(`subscription\\s+${params.operationName}\\b`).test(params.query));
    if (!isSubscription) return httpFetcher(params, options);
    const authorization = options?.headers?.authorization ?? options?.headers?.Authorization ?? '';
    const client = wsClient(authorization);
    // An async iterable of results, which GraphiQL shows one after another.
    return client.iterate({ query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? undefined });
  }

  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher,
    defaultHeaders: headers,
    headerEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
    defaultQuery: '# The token goes in Headers (below)\n{\n  apiKeys { provider label last4 status usedToday dailyQuota }\n}\n',
  }));
})();
