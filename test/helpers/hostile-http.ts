/**
 * Local HTTP servers that misbehave the way a broken or hostile venue does, for deadline and
 * body-cap tests: one that sends its head at once and then trickles its body a byte at a time
 * forever, one that answers every request with a gzip bomb, and one that echoes the request's
 * headers and query back inside an HTTP error (a venue quoting the credentials it was sent).
 * 127.0.0.1, port 0; `close()` ends every open response so the test process can exit.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface HostileServer {
  readonly url: string;
  /** Requests seen (path + query). */
  readonly requests: string[];
  /** Body bytes written so far, over every response. */
  readonly sent: () => number;
  close(): Promise<void>;
}

type Behaviour = (res: ServerResponse, count: (n: number) => void, req: import('node:http').IncomingMessage) => void;

async function start(behave: Behaviour): Promise<HostileServer> {
  const requests: string[] = [];
  const open = new Set<ServerResponse>();
  let sent = 0;
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    open.add(res);
    res.on('close', () => open.delete(res));
    behave(res, (n) => (sent += n), req);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent: () => sent,
    close: async () => {
      for (const t of TRICKLES) clearInterval(t);
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const TRICKLES = new Set<NodeJS.Timeout>();

/** 200, JSON content type, then one byte of a never-ending JSON array every `everyMs` (default 100 ms). */
export function startTrickleServer(everyMs = 100): Promise<HostileServer> {
  return start((res, count) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    count(1);
    const t = setInterval(() => {
      if (res.destroyed) return clearInterval(t);
      res.write('0');
      count(1);
    }, everyMs);
    TRICKLES.add(t);
    res.on('close', () => {
      clearInterval(t);
      TRICKLES.delete(t);
    });
  });
}

/**
 * Every answer is `members` concatenated gzip members of 16 MiB of zeros each (gzip allows
 * several members in one stream; every decoder inflates them all): 64 members inflate to 1 GiB
 * from about 1 MiB on the wire. No content-length, as a streaming server would send it.
 */
export function gzipBomb(members = 64): Buffer {
  const one = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => one));
}

export function startBombServer(bomb: Buffer): Promise<HostileServer> {
  return start((res, count) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(bomb);
    count(bomb.length);
  });
}

/** HTTP 401 whose body quotes every request header and the query string, as some venues' errors do. */
export function startEchoServer(status = 401): Promise<HostileServer> {
  return start((res, count, req) => {
    const body = JSON.stringify({ code: status, msg: `refused: ${req.method} ${req.url} headers=${JSON.stringify(req.headers)}` });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
    count(body.length);
  });
}
