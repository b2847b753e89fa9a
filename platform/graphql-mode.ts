// Imported first by the entry points (scripts/start.ts, scripts/serve.ts), before anything loads graphql-js.
// graphql-js decides once, when its `instanceOf` helper loads, whether to run its development-mode check (on every
// failed `isObjectType`, `isLeafType`… it reads both sides' Symbol.toStringTag to report a second copy of graphql
// in node_modules): only NODE_ENV=production turns it off, and NODE_ENV=production also turns on production's
// refusals and masking (platform/config.ts). Under `npm start` (NODE_ENV unset) the check was a few per cent of each
// subgraph's CPU (bench/own-workload.ts). So the helper is loaded here in its production form, NODE_ENV restored at
// once, and nothing else sees production; GRAPHQL_DEV_CHECKS=on keeps the check (when hunting a duplicate graphql).
// Reads process.env itself: it runs before the configuration loads (platform/config.ts validates the setting).

export const graphqlDevChecks = process.env.GRAPHQL_DEV_CHECKS === 'on';

if (!graphqlDevChecks && process.env.NODE_ENV !== 'production') {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // Loaded now, synchronously, while NODE_ENV says production; an import would be hoisted out of this block.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('graphql/jsutils/instanceOf.js');
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}
