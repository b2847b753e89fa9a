import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayMetrics, operationLabeler } from './metrics';

describe('operation labels', () => {
  test('known names stay themselves, the first N others too, the rest are "other"', () => {
    const label = operationLabeler({ knownOperations: () => new Set(['PartnerOrders']), maxObservedOperations: 2 });
    expect(['A', 'B', 'C', 'A', 'PartnerOrders', 'D'].map(label)).toEqual(['A', 'B', 'other', 'A', 'PartnerOrders', 'other']);
    expect([null, undefined, '', 'has space', 'x'.repeat(65)].map(label)).toEqual(Array(5).fill('anonymous'));
  });
});

describe('the /metrics route', () => {
  async function status(token: string | null | undefined, authorization?: string): Promise<number> {
    const { route } = gatewayMetrics({ token });
    const server = http.createServer((req, res) => void route(req, res, Buffer.alloc(0)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: authorization ? { authorization } : {} });
      await response.text();
      return response.status;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  test('is off (404) in production without a token, asks for the token when one is set, is open in development', async () => {
    expect(await status(null)).toBe(404);
    expect(await status('a-metrics-token-0123456789')).toBe(401);
    expect(await status('a-metrics-token-0123456789', 'Bearer a-metrics-token-0123456789')).toBe(200);
    expect(await status(undefined)).toBe(200);
  });
});
