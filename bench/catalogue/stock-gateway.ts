// Stock `@apollo/gateway` + `@apollo/server` on a supergraph file, nothing else: the benchmark's baseline.
// `SUPERGRAPH=file PORT=n node -r ./platform/register.js bench/catalogue/stock-gateway.ts`
import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({ supergraphSdl: fs.readFileSync(process.env.SUPERGRAPH!, 'utf8') });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
  console.log(`stock gateway at ${url}`);
}

void main();
