// The executors alone (issue 13): the gateway's CPU per request with stock @apollo/gateway's executor and with
// opsgraph's (gateway/executor/), in one process, the catalogue subgraphs in a child process, requests sent one
// at a time through Apollo Server's executeOperation (no HTTP in front, no edge plugins). Rounds alternate the
// executors; the figure is this process's CPU (user + system) per request, median of the rounds, which a busy
// machine disturbs far less than requests/s. `node -r ./platform/register.js bench/executor-cpu.ts [rounds] [requests] [apollo,opsgraph,opsgraph-via-process]`
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { print } from 'graphql';
import { composeSupergraph } from '../gateway/compose';
import { withOpsgraphExecutor } from '../gateway/executor';
import { signedSubgraphSource } from '../gateway/subgraph-source';
import { catalogueSdls } from './catalogue/subgraphs';
import { NESTED_QUERY, ONE_FETCH_QUERY } from './federation-speed';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const rounds = Number(process.argv[2] ?? 5);
  const requests = Number(process.argv[3] ?? 100);
  const child = spawn(process.execPath, ['-r', path.join(__dirname, '..', 'platform', 'register.js'), path.join(__dirname, 'catalogue', 'subgraphs.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<Record<string, string>>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /catalogue (\{.*\})/.exec(chunk.toString());
      if (match) resolve(JSON.parse(match[1]) as Record<string, string>);
    });
  });
  const supergraphSdl = composeSupergraph(catalogueSdls().map(({ name, typeDefs }) => ({ name, sdl: print(typeDefs), url: urls[name] })));
  const gateway = () => new ApolloGateway({ supergraphSdl, buildService: ({ name, url }) => signedSubgraphSource({ name, url: url!, subgraphSecret: 'bench' }) });
  // Our executor made to call subgraphs through Apollo's `process`, as it did before its direct path (A/B of that path).
  const viaProcess = () => new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = signedSubgraphSource({ name, url: url!, subgraphSecret: 'bench' });
      return { process: (options) => source.process(options) };
    },
  });
  // A third argument keeps only the named executors (`opsgraph` alone, to profile it with --cpu-prof).
  const only = process.argv[4]?.split(',');
  const all = {
    apollo: () => new ApolloServer({ gateway: gateway() }),
    opsgraph: () => new ApolloServer({ gateway: withOpsgraphExecutor(gateway(), { cacheSize: 1000 }) }),
    'opsgraph-via-process': () => new ApolloServer({ gateway: withOpsgraphExecutor(viaProcess(), { cacheSize: 1000 }) }),
  };
  const servers = Object.fromEntries(Object.entries(all).filter(([name]) => !only || only.includes(name)).map(([name, make]) => [name, make()]));
  for (const server of Object.values(servers)) await server.start();
  const figures: Record<string, number[]> = {};
  for (const [label, query] of [['nested', NESTED_QUERY], ['one-fetch', ONE_FETCH_QUERY]] as const) {
    for (const server of Object.values(servers)) for (let i = 0; i < 20; i++) await server.executeOperation({ query }); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const [name, server] of Object.entries(servers)) {
        const before = process.cpuUsage();
        for (let i = 0; i < requests; i++) {
          const response = await server.executeOperation({ query });
          if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`${name} failed: ${JSON.stringify(response.body)}`);
        }
        const used = process.cpuUsage(before);
        (figures[`${label}/${name}`] ??= []).push((used.user + used.system) / 1000 / requests);
      }
    }
  }
  const table = Object.fromEntries(Object.entries(figures).map(([key, values]) => [key, Math.round(median(values) * 100) / 100]));
  console.log(JSON.stringify({ rounds, requests, cpuMsPerRequest: table }));
  for (const server of Object.values(servers)) await server.stop();
  child.kill();
}

void main();
