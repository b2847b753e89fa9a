// The subscribers' side of bench/subscription-burst.ts, in a process of its own: opens `sockets` raw graphql-ws
// connections, each with `perSocket` distinct subscriptions, and counts the events that arrive (no parsing: only
// the count matters there). Driven over IPC: 'open' -> { opened, refused }, 'count' -> { events, errors }.
import WebSocket from 'ws';

interface Open { type: 'open'; url: string; tokens: string[]; queries: string[][] }

const sockets: WebSocket[] = [];
let events = 0;
let errors = 0;

function openSocket(url: string, token: string, queries: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    sockets.push(socket);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"type":"connection_ack"')) {
        queries.forEach((query, i) => socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query } })));
        resolve(true);
      } else if (text.includes('"type":"next"')) events += 1;
      else if (text.includes('"type":"error"')) errors += 1;
      else if (text.includes('"type":"ping"')) socket.send('{"type":"pong"}');
    });
    socket.on('close', () => resolve(false));
    socket.on('error', () => resolve(false));
  });
}

process.on('message', (message: Open | { type: 'count' } | { type: 'close' }) => {
  // Fire-and-forget, as before: the emitter ignores a listener's promise.
  void (async () => {
    if (message.type === 'open') {
      let opened = 0;
      for (let i = 0; i < message.tokens.length; i += 5) {
        const batch = await Promise.all(message.tokens.slice(i, i + 5).map((token, j) => openSocket(message.url, token, message.queries[i + j])));
        opened += batch.filter(Boolean).length;
      }
      process.send!({ type: 'opened', opened, refused: message.tokens.length - opened });
    } else if (message.type === 'count') {
      process.send!({ type: 'count', events, errors });
    } else {
      for (const socket of sockets) socket.terminate();
      process.exit(0);
    }
  })();
});
