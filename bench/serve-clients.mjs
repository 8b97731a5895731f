// Load generator for bench/serve.bench.ts, off the server's thread: many WebSocket clients (run
// as child processes, so the server's and the clients' CPU time are measured apart), or an HTTP
// load loop (a worker thread). Kept cheap per message so the figures measure the server.
import { parentPort, workerData } from 'node:worker_threads';
import { request, Agent } from 'node:http';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const KEY = Buffer.from('"emitMs":');
const data = workerData ?? JSON.parse(process.argv[2]);
const post = (m) => new Promise((resolve) => (parentPort ? (parentPort.postMessage(m), resolve()) : process.send(m, resolve)));
const cpuMs = (c) => ({ userMs: c.user / 1000, systemMs: c.system / 1000 });

async function wsClients({ url, clients, seconds }) {
  const lags = [];
  const emitted = [];
  const counts = new Array(clients).fill(0);
  let closed = 0;
  const sockets = [];
  await Promise.all(Array.from({ length: clients }, (_, i) => new Promise((resolve, reject) => {
    // The server's frames are UTF-8 by construction (JSON.stringify); checking every byte again
    // here would be client work, not delivery.
    const ws = new WebSocket(url, { skipUTF8Validation: true });
    sockets.push(ws);
    let first = true;
    ws.on('message', (data) => {
      if (first) { first = false; return resolve(); } // the snapshot
      // Read the bytes in place (no UTF-8 decode of ~70 KB per message): the emission time of
      // the tick, and the number of events (lines).
      const at = data.indexOf(KEY);
      if (at >= 0) {
        let v = 0;
        for (let k = at + KEY.length; data[k] >= 48 && data[k] <= 57; k++) v = v * 10 + (data[k] - 48);
        lags.push(now() - v);
        emitted.push(v);
      }
      let n = 1;
      for (let k = data.indexOf(10); k >= 0; k = data.indexOf(10, k + 1)) n++;
      counts[i] += n;
    });
    ws.on('close', () => closed++);
    ws.on('error', reject);
  })));
  const c0 = process.cpuUsage();
  await post({ ready: true });
  await new Promise((r) => setTimeout(r, seconds * 1000 + 500));
  const cpu = cpuMs(process.cpuUsage(c0));
  for (const ws of sockets) ws.terminate();
  await post({ lags, emitted, counts, closed, cpu });
}

async function httpLoad({ url, connections, seconds }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const lat = [];
  let errors = 0;
  const end = now() + seconds * 1000;
  const one = () => new Promise((resolve) => {
    const t = now();
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) lat.push(now() - t); else errors++; resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
  const t0 = now();
  await Promise.all(Array.from({ length: connections }, async () => { while (now() < end) await one(); }));
  agent.destroy();
  await post({ lat, errors, seconds: (now() - t0) / 1000 });
}

if (data.mode === 'ws') await wsClients(data);
else await httpLoad(data);
if (!parentPort) process.exit(0);
