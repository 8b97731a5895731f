// Writes data/demo/crypto.json: SYNTHETIC sample books for `arblens scan --demo` and
// `watch --demo`. Deterministic (seeded PRNG), so the file only changes when this script does.
// Offsets are planted so that every crypto opportunity kind appears, plus the cases the guards
// must catch: a ticker shared by two different assets (implausible spread) and a stale quote.
import { mkdirSync, writeFileSync } from 'node:fs';

let seed = 20261121;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const capturedAt = Date.UTC(2026, 10, 21, 10, 0, 0);

const assets = {
  BTC: { mid: 64050, tick: 0.1, size: 0.15 },
  ETH: { mid: 3120, tick: 0.01, size: 2 },
  SOL: { mid: 142.3, tick: 0.01, size: 40 },
  XRP: { mid: 0.6123, tick: 0.0001, size: 8000 },
  DOGE: { mid: 0.1587, tick: 0.00001, size: 30000 },
};
// Per venue and market: offset of the mid in basis points (spread arbitrage lives here).
const offsets = {
  spot: {
    binance: { BTC: 12, ETH: 4, SOL: 30, XRP: 2, DOGE: -5 },
    okx: { BTC: -16, ETH: -3, SOL: -8, XRP: 0, DOGE: 3 },
    bybit: { BTC: 2, ETH: 1, SOL: -2, XRP: 28, DOGE: 0 },
    kucoin: { BTC: -1, ETH: -20, SOL: 1, XRP: -6, DOGE: 26 },
    gate: { BTC: 0, ETH: 0, SOL: 0, XRP: 1, DOGE: -1 },
  },
  perp: {
    binance: { BTC: 18, ETH: 22, SOL: 8, XRP: 1, DOGE: 2 },
    okx: { BTC: -6, ETH: 6, SOL: 2, XRP: 4, DOGE: -3 },
    bybit: { BTC: 6, ETH: 9, SOL: 4, XRP: 3, DOGE: 0 },
    bitget: { BTC: 10, ETH: -2, SOL: 3, XRP: 0, DOGE: 5 },
  },
};
// Funding per interval and the interval in hours: 1 h, 4 h and 8 h contracts side by side.
const funding = {
  binance: { hours: 8, BTC: 0.0001, ETH: 0.00035, SOL: 0.0001, XRP: 0.0001, DOGE: 0.0002 },
  okx: { hours: 8, BTC: 0.0003, ETH: -0.0002, SOL: 0.00005, XRP: 0.0001, DOGE: 0.0001 },
  bybit: { hours: 4, BTC: 0.00005, ETH: 0.0001, SOL: 0.00025, XRP: 0.00005, DOGE: 0.00005 },
  bitget: { hours: 1, BTC: 0.0000125, ETH: 0.00002, SOL: -0.00005, XRP: 0.0000125, DOGE: 0.0001 },
};

const r = (x, tick) => Math.round(x / tick) * tick;
const fix = (x) => Number(x.toPrecision(10));

function book(asset, offBps) {
  const a = assets[asset];
  const mid = a.mid * (1 + offBps / 10000);
  const half = Math.max(a.tick, mid * 0.00004);
  const bids = [];
  const asks = [];
  for (let i = 0; i < 20; i++) {
    const step = a.tick * Math.max(1, Math.round((mid * 0.00005) / a.tick)) * i;
    const sz = (n) => fix(a.size * (0.3 + rnd() * 1.4) * (1 + n * 0.15));
    bids.push([fix(r(mid - half - step, a.tick)), sz(i)]);
    asks.push([fix(r(mid + half + step, a.tick)), sz(i)]);
  }
  return { bids, asks };
}

const quotes = [];
for (const market of ['spot', 'perp']) {
  for (const [venue, offs] of Object.entries(offsets[market])) {
    for (const asset of Object.keys(assets)) {
      const symbol = market === 'spot' ? `${asset}/USDT` : `${asset}/USDT:USDT`;
      const age = Math.round(200 + rnd() * 1800);
      quotes.push({ venue, symbol, market, venueTs: capturedAt - age, ...book(asset, offs[asset]) });
    }
  }
}
// Same ticker, different assets: NEIRO on two venues 45 % apart (the guard must flag it).
quotes.push({ venue: 'gate', symbol: 'NEIRO/USDT', market: 'spot', venueTs: capturedAt - 500, bids: [[0.00121, 5e6], [0.0012, 8e6]], asks: [[0.00122, 5e6], [0.00123, 8e6]] });
quotes.push({ venue: 'kucoin', symbol: 'NEIRO/USDT', market: 'spot', venueTs: capturedAt - 700, bids: [[0.00177, 4e6], [0.00176, 9e6]], asks: [[0.00178, 4e6], [0.00179, 9e6]] });
// A stale quote (3 minutes old) with an attractive price: must not be ranked as live.
quotes.push({ venue: 'bitget', symbol: 'ETH/USDT', market: 'spot', venueTs: capturedAt - 180_000, ...book('ETH', 60) });

const fundingRates = [];
for (const [venue, f] of Object.entries(funding)) {
  for (const asset of Object.keys(assets)) {
    const nextFundingTs = Math.ceil(capturedAt / (f.hours * 3_600_000)) * f.hours * 3_600_000;
    fundingRates.push({ venue, symbol: `${asset}/USDT:USDT`, rate: f[asset], intervalHours: f.hours, nextFundingTs, venueTs: capturedAt - 1000 });
  }
}

// Deposit/withdrawal networks per spot venue, shaped like ccxt's per-network currency data
// (fee and minimum in units of the asset). Planted: DOGE withdrawals suspended on kucoin and XRP
// deposits suspended on bybit, so the demo shows both a transferable and a blocked transfer.
const networks = {
  BTC: [{ network: 'BTC', fee: 0.0002, min: 0.001 }, { network: 'BEP20', fee: 0.0000045, min: 0.0001 }],
  ETH: [{ network: 'ERC20', fee: 0.0012, min: 0.01 }, { network: 'ARB', fee: 0.0001, min: 0.001 }],
  SOL: [{ network: 'SOL', fee: 0.008, min: 0.1 }],
  XRP: [{ network: 'XRP', fee: 0.25, min: 20 }],
  DOGE: [{ network: 'DOGE', fee: 4, min: 40 }],
};
const currencies = {};
for (const venue of Object.keys(offsets.spot)) {
  currencies[venue] = {};
  for (const [asset, nets] of Object.entries(networks)) {
    currencies[venue][asset] = nets.map((n) => ({
      ...n,
      deposit: !(venue === 'bybit' && asset === 'XRP'),
      withdraw: !(venue === 'kucoin' && asset === 'DOGE'),
    }));
  }
}

// Seven days of paid funding per perpetual (synthetic): the rate swinging ±60 % around today's,
// so the stressed funding figure (recent low for shorts, recent high for longs) has something to show.
const fundingHistory = fundingRates.map((f) => {
  const n = Math.round((7 * 24) / f.intervalHours);
  const rates = [];
  for (let k = 1; k <= n; k++) rates.push({ rate: fix(f.rate * (1 + 0.6 * Math.sin(k * 0.9 + f.rate * 1e4))), ts: f.nextFundingTs - k * f.intervalHours * 3_600_000 });
  return { venue: f.venue, symbol: f.symbol, rates };
});

mkdirSync(new URL('../data/demo/', import.meta.url), { recursive: true });
const out = {
  _comment: 'SAMPLE DATA for `arblens scan --demo` / `watch --demo`: synthetic books written for arblens by scripts/make-demo-data.mjs. Not real market data. Timestamps are rebased to the current time when loaded.',
  capturedAt,
  quotes,
  funding: fundingRates,
  currencies,
  fundingHistory,
};
writeFileSync(new URL('../data/demo/crypto.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`wrote ${quotes.length} quotes and ${fundingRates.length} funding rates`);
