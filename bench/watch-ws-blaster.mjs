// Worker thread for bench/watch-throughput.bench.ts (plain JS: workers do not go through tsx): a ws server that answers a subscription and
// then writes pre-encoded frames straight to the socket in large chunks, so the SERVER is never
// the bottleneck of the client-side figure.
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';

const { total, kind, symbols } = workerData;

/** One unmasked server text frame. */
function frame(payload) {
  const body = Buffer.from(payload);
  const n = body.length;
  const head = n < 126 ? Buffer.from([0x81, n]) : Buffer.from([0x81, 126, n >> 8, n & 0xff]);
  return Buffer.concat([head, body]);
}

function payload(i, last) {
  const s = symbols[i % symbols.length];
  // Prices wander so books cross between the two venues now and then (opportunities open/close).
  const mid = 100 + (i % 97) * 0.01;
  const off = ((i * 7919) % 13) * 0.002 - 0.012;
  if (kind === 'binance') {
    return JSON.stringify({ u: i, s: last ? 'ENDUSDT' : s, b: (mid + off - 0.01).toFixed(4), B: '3.5', a: (mid + off + 0.01).toFixed(4), A: '2.5' });
  }
  return JSON.stringify({ market: '0xabc', price_changes: [{ asset_id: last ? 'END' : s, price: last ? '0.999' : (0.4 + (i % 50) * 0.001).toFixed(3), size: String(10 + (i % 7)), side: last || i % 2 ? 'BUY' : 'SELL' }], timestamp: String(Date.now()), event_type: 'price_change' });
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
wss.on('connection', (ws) => {
  ws.once('message', (m) => {
    const sub = JSON.parse(String(m));
    if (kind === 'binance') ws.send(JSON.stringify({ result: null, id: sub.id }));
    else for (const id of sub.assets_ids) ws.send(JSON.stringify({ event_type: 'book', asset_id: id, market: '0xabc', bids: [{ price: '0.39', size: '100' }], asks: [{ price: '0.61', size: '100' }], timestamp: String(Date.now()) }));
    // Pre-encode once: the benchmark measures the client, not JSON.stringify on the server.
    const chunk = 2000;
    const frames = [];
    for (let i = 0; i < chunk; i++) frames.push(frame(payload(i, false)));
    const block = Buffer.concat(frames);
    const sock = ws._socket;
    let sent = 0;
    const pump = () => {
      while (sent + chunk <= total) {
        sent += chunk;
        if (!sock.write(block)) return void sock.once('drain', pump);
      }
      sock.write(frame(payload(0, true)));
      parentPort.postMessage({ sent: sent + 1 });
    };
    setTimeout(pump, 200);
  });
});
