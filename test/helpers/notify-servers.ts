import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake notify endpoint received. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A local server speaking the notification APIs' shapes (answers as the services document them):
 * Discord execute-webhook (204; 429 with Retry-After and a JSON retry_after in seconds), Slack
 * incoming webhook (200 "ok"; 404 "no_service"), Telegram Bot API sendMessage ({ok:true,result};
 * 401 {ok:false,error_code,description}), ntfy publish (200 JSON message), a plain webhook (200).
 * `fail` queues status codes to answer before the normal one (for retry tests); `hang` never answers.
 */
export async function startNotifyServer(): Promise<{ url: string; received: Received[]; fail: number[]; hang: { on: boolean }; close(): Promise<void> }> {
  const received: Received[] = [];
  const fail: number[] = [];
  const hang = { on: false };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (hang.on) return; // a dead target: accepts the connection, never answers
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const code = fail.shift();
      if (code !== undefined) return failWith(req.url ?? '', code, res);
      route(req.url ?? '', body, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    fail,
    hang,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function failWith(path: string, code: number, res: ServerResponse): void {
  if (code === 429 && path.startsWith('/api/webhooks/')) return json(res, 429, { message: 'You are being rate limited.', retry_after: 0.05, global: false }, { 'retry-after': '0' });
  if (code === 429 && path.startsWith('/bot')) return json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
  if (code === 404 && path.startsWith('/services/')) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
  res.writeHead(code).end();
}

function route(path: string, body: string, res: ServerResponse): void {
  if (path.startsWith('/api/webhooks/')) {
    const j = JSON.parse(body) as { content?: string };
    if (!j.content) return json(res, 400, { message: 'Cannot send an empty message', code: 50006 });
    return void res.writeHead(204).end();
  }
  if (path.startsWith('/services/')) {
    const j = JSON.parse(body) as { text?: string };
    if (!j.text) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
  const bot = /^\/bot([^/]+)\/sendMessage$/.exec(path);
  if (bot) {
    if (bot[1] !== '123456:GOOD-token') return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const j = JSON.parse(body) as { chat_id: string; text: string };
    return json(res, 200, { ok: true, result: { message_id: 1, chat: { id: Number(j.chat_id), type: 'group' }, date: 1700000000, text: j.text } });
  }
  if (path.startsWith('/ntfy/')) return json(res, 200, { id: 'abc', time: 1700000000, event: 'message', topic: path.split('/')[2], message: body });
  return json(res, 200, { received: true });
}
