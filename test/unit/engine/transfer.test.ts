// Transfer feasibility between two venues: a network both share, withdrawals open at the source,
// deposits open at the destination, the fee valued in quote, the minimum, unknown never "free".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transferBetween, withTransfer } from '../../../src/engine/transfer.js';
import type { CurrencyNetwork } from '../../../src/core/types.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
const net = (network: string, o: Partial<CurrencyNetwork> = {}): CurrencyNetwork => ({ network, deposit: true, withdraw: true, fee: 0.0005, min: 0.001, ...o });

test('feasible: the cheapest open network both venues share; fee valued at the buy price', () => {
  const from = { venue: 'okx', networks: [net('BTC', { fee: 0.0002 }), net('BEP20', { fee: 0.0000045 }), net('LIGHTNING', { fee: 0 })] };
  const to = { venue: 'binance', networks: [net('BTC'), net('BEP20')] };
  const r = transferBetween('BTC', from, to, 0.5, 64000);
  assert.ok(r.transfer);
  assert.equal(r.transfer.network, 'BEP20'); // LIGHTNING is free but binance does not list it
  close(r.transfer.feeQuote, 0.288); // 0.0000045 BTC × 64,000 = 0.288 USDT
  assert.equal(r.transfer.etaMinutes, 1);
});

test('suspended withdrawals, closed deposits, no shared network, unknown data, below minimum', () => {
  const to = { venue: 'binance', networks: [net('ERC20'), net('SOL')] };
  let r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ERC20', { withdraw: false })] }, to, 1, 3000);
  assert.equal(r.transfer, null);
  assert.match((r as { reason: string }).reason, /withdrawals suspended on kucoin/);
  r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ERC20')] }, { venue: 'bybit', networks: [net('ERC20', { deposit: false })] }, 1, 3000);
  assert.match((r as { reason: string }).reason, /deposits suspended on bybit/);
  // One chain under two names (ccxt: ETH on one venue, ERC20 on another) is one shared network.
  const same = transferBetween('ETH', { venue: 'kucoin', networks: [net('ETH', { fee: 0.0016 })] }, to, 1, 3000);
  assert.equal(same.transfer?.network, 'ERC20');
  close(same.transfer!.feeQuote, 4.8); // 0.0016 ETH × 3,000
  r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ARB')] }, to, 1, 3000);
  assert.match((r as { reason: string }).reason, /no network shared/);
  r = transferBetween('ETH', { venue: 'okx', networks: undefined }, to, 1, 3000);
  assert.match((r as { reason: string }).reason, /okx did not say .* not assumed free/);
  r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ERC20', { fee: undefined })] }, to, 1, 3000);
  assert.match((r as { reason: string }).reason, /fee unknown/);
  r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ERC20', { min: 2 })] }, to, 1, 3000);
  assert.match((r as { reason: string }).reason, /below the minimum withdrawal/);
  // A withdraw flag ccxt left undefined is not "open".
  r = transferBetween('ETH', { venue: 'kucoin', networks: [net('ERC20', { withdraw: undefined })] }, to, 1, 3000);
  assert.equal(r.transfer, null);
});

test('an opportunity is labelled transferable with its profit after one withdrawal, or inventory with the reason', () => {
  const opp = { id: 'x', kind: 'cross-spot', symbol: 'SOL/USDT', size: 10, netProfit: 5, legs: [{ venue: 'okx', vwap: 140 }, { venue: 'binance', vwap: 141 }] };
  const nets = new Map([
    ['okx', { networks: new Map([['SOL', [net('SOL', { fee: 0.008, min: 0.1 })]]]) }],
    ['binance', { networks: new Map([['SOL', [net('SOL')]]]) }],
  ]);
  const t = withTransfer(opp, (v) => nets.get(v)) as typeof opp & Record<string, unknown>;
  assert.equal(t.settlement, 'transferable');
  close(t.netProfitAfterTransfer as number, 3.88); // 5 − 0.008 SOL × 140 = 5 − 1.12
  const blocked = withTransfer(opp, (v) => (v === 'okx' ? { unknown: 'deposit/withdrawal networks need API keys here' } : nets.get(v))) as typeof opp & Record<string, unknown>;
  assert.equal(blocked.settlement, 'inventory');
  assert.equal(blocked.netProfitAfterTransfer, null);
  assert.match(blocked.transferReason as string, /need API keys/);
  // Kinds that move nothing are left alone.
  assert.equal((withTransfer({ ...opp, kind: 'funding' }, (v) => nets.get(v)) as Record<string, unknown>).settlement, undefined);
});
