// Batched requests (a JSON array of operations in one body) are limited to `maxBatch` operations: each one is
// a full operation, so an unlimited batch would bypass every per-operation limit by multiplying it.
import type { Route } from '../../platform/http';
import { sendJson } from '../../platform/http';

/** Wraps the /graphql route; a longer batch is refused with OPERATION_TOO_COMPLEX before Apollo sees it. */
export function batchLimitRoute(route: Route, maxBatch: number): Route {
  return (req, res, body) => {
    if (body.length > 0 && firstNonSpace(body) === 0x5b /* [ */) {
      let size = 0;
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        size = Array.isArray(parsed) ? parsed.length : 0;
      } catch {
        // Not JSON: the route answers that itself.
      }
      if (size > maxBatch) {
        return sendJson(res, 400, {
          errors: [{
            message: `A batch may hold at most ${maxBatch} operations, but this one holds ${size}`,
            extensions: { code: 'OPERATION_TOO_COMPLEX', limit: 'batch', max: maxBatch },
          }],
        });
      }
    }
    return route(req, res, body);
  };
}

function firstNonSpace(body: Buffer): number | undefined {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return undefined;
}
