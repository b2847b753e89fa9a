// The audit's subgraphs, every suite's from one HTTP server as the audit serves them: POST /<suite>/<subgraph> runs a
// GraphQL request against that subgraph's schema (parse, validate, execute: what graphql-yoga does for the audit,
// errors unmasked). Each suite's supergraph is composed with these URLs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { composeSupergraph, type AuditSuite } from '../../vendor/federation-gateway-audit/supergraph';

export interface AuditSubgraphServer {
  /** The suite's supergraph SDL, its subgraphs at this server. */
  supergraph(suite: AuditSuite): string;
  close(): Promise<void>;
}

interface GraphQLRequest { query?: unknown; variables?: unknown; operationName?: unknown }

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function runRequest(schema: GraphQLSchema, body: GraphQLRequest): Promise<{ status: number; result: ExecutionResult }> {
  if (typeof body.query !== 'string') return { status: 400, result: { errors: [new GraphQLError('Must provide query string.')] } };
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { status: 400, result: { errors: [error as GraphQLError] } };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { status: 400, result: { errors: invalid } };
  const result = await execute({
    schema,
    document,
    variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    contextValue: {},
  });
  return { status: 200, result };
}

/** Serves every subgraph of `suites` on 127.0.0.1 (`port` 0: any free one). */
export async function serveAuditSubgraphs(suites: AuditSuite[], port = 0): Promise<AuditSubgraphServer> {
  const schemas = new Map<string, () => GraphQLSchema>();
  for (const suite of suites) {
    for (const subgraph of suite.subgraphs) schemas.set(`/${suite.id}/${subgraph.name}`, () => subgraph.schema());
  }
  const server = http.createServer((request, response) => {
    const schema = schemas.get((request.url ?? '').split('?')[0]);
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (!schema) return answer(404, { errors: [{ message: `no audit subgraph at ${request.url}` }] });
    if (request.method !== 'POST') return answer(405, { errors: [{ message: 'POST a GraphQL request' }] });
    readBody(request)
      .then((text) => runRequest(schema(), JSON.parse(text) as GraphQLRequest))
      .then(({ status, result }) => answer(status, result))
      .catch((error: unknown) => answer(500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    supergraph: (suite) => composeSupergraph(suite, (name) => `${origin}/${suite.id}/${name}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
