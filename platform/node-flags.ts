// The V8 flags every opsgraph service process runs with: `npm start`, `npm run gateway`, the image's entrypoint
// (Dockerfile) and the benchmarks' processes (test/deploy.test.ts keeps them in step).
// --max-semi-space-size: the young generation's half, in MB (Node 20's default tops out at 16). A gateway turns
// over tens of MB of short-lived JSON per second (subgraph answers, merged trees, the serialized result), and with
// 16 MB V8 scavenged so often that garbage collection was a fifth of the gateway's CPU (bench/federation-speed.ts
// --cpu-prof). Interleaved A/B runs of the nested catalogue query, the gateway's CPU per request: default → 64 MB
// −19%, 32 → 128 MB −21%, 64 → 256 MB −18%. 64 MB costs up to ~200 MB of RSS under load (from + to spaces, plus
// what survives) and is the usual production setting; raise it with NODE_OPTIONS if memory allows.
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'] as const;
