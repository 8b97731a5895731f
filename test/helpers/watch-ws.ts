import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** A local WebSocket server on 127.0.0.1 (port 0) that records connections and client frames. */
export interface TestWsServer {
  readonly url: string;
  readonly port: number;
  readonly sockets: WebSocket[];
  readonly requests: IncomingMessage[];
  /** Every text frame a client sent, in order. */
  readonly received: string[];
  /** Resolves with the next connection (already open) and its first client frame. */
  nextConnection(): Promise<{ socket: WebSocket; first: Promise<string> }>;
  /** Sends to every open client. */
  broadcast(data: string): void;
  close(): Promise<void>;
}

export async function startWsServer(onConnection?: (ws: WebSocket, req: IncomingMessage) => void): Promise<TestWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as AddressInfo).port;
  const sockets: WebSocket[] = [];
  const requests: IncomingMessage[] = [];
  const received: string[] = [];
  const waiting: ((c: { socket: WebSocket; first: Promise<string> }) => void)[] = [];
  const pending: { socket: WebSocket; first: Promise<string> }[] = [];
  wss.on('connection', (ws, req) => {
    sockets.push(ws);
    requests.push(req);
    const first = new Promise<string>((resolve) => ws.once('message', (m) => resolve(String(m))));
    ws.on('message', (m) => received.push(String(m)));
    onConnection?.(ws, req);
    const c = { socket: ws, first };
    const w = waiting.shift();
    if (w) w(c);
    else pending.push(c);
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    sockets,
    requests,
    received,
    nextConnection: () => {
      const p = pending.shift();
      return p ? Promise.resolve(p) : new Promise((r) => waiting.push(r));
    },
    broadcast: (data) => {
      for (const s of sockets) if (s.readyState === s.OPEN) s.send(data);
    },
    close: async () => {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

/** Pulls events from an async iterator until `pred` matches one (or throws after `ms`). */
export async function until<T>(it: AsyncIterator<T>, pred: (x: T) => boolean, ms = 5000, seen: T[] = []): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out; saw ${seen.length} events: ${JSON.stringify(seen.slice(-5))}`);
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), left))),
    ]);
    clearTimeout(timer);
    if (r === 'timeout') throw new Error(`timed out; saw ${seen.length} events: ${JSON.stringify(seen.slice(-5))}`);
    if (r.done) throw new Error(`stream ended; saw ${JSON.stringify(seen.slice(-5))}`);
    seen.push(r.value);
    if (pred(r.value)) return r.value;
  }
}

/** Counts of active libuv resources by kind (Timeout, TCPSocketWrap …), for "nothing left open" checks. */
export function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** Waits until `pred` holds (polling), or throws after `ms`. */
export async function waitFor(pred: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
