// The load generator, run in its own process pinned to the subgraphs' core: autocannon with N connections POSTing
// one GraphQL body for S seconds; prints one JSON line (requests/s, p50/p95/p99 from every response's latency).
// `node bench/catalogue/load.ts <url> <connections> <seconds> <body-json>`
import autocannon from 'autocannon';

const [url, connections, seconds, body] = process.argv.slice(2);
const latencies: number[] = [];
const instance = autocannon(
  { url, connections: Number(connections), duration: Number(seconds), method: 'POST', headers: { 'content-type': 'application/json' }, body },
  (error, result) => {
    if (error) throw error;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0) * 100) / 100;
    const ok = result['2xx'];
    console.log(JSON.stringify({
      requests: ok, rps: Math.round((ok / result.duration) * 10) / 10, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99),
      errors: result.errors + result.timeouts + result.non2xx, bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    }));
  },
);
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
