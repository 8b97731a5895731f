// `watch` in real terminals of three sizes (tmux): the net-profit column is on screen, the
// header stays put after Enter (detail pane) and after a resize; a dead feed shows a red
// "N/M venues down"; NO_COLOR leaves no colour escape. Screenshots of each size go to
// test/.screenshots/ (PNG when ImageMagick is installed; kept out of git) for a reviewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TmuxSession } from '../../helpers/tmux.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const shots = fileURLToPath(new URL('../../.screenshots/', import.meta.url));
const skip = TmuxSession.available() ? false : 'tmux not installed';
const firstLine = (s: string) => s.split('\n')[0];
const lines = (s: string) => s.replace(/\n+$/, '').split('\n');
/** SGR colour parameters: 30–37, 90–97 (fg), 40–47, 100–107 (bg), 38;… / 48;… (256 / true colour). */
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

for (const [cols, rows, resized] of [
  [80, 24, [60, 14]],
  [120, 40, [80, 24]],
  [200, 60, [120, 40]],
] as const) {
  test(`watch --demo at ${cols}×${rows}: net profit on screen, header fixed after Enter and a resize`, { skip }, async (t) => {
    const s = new TmuxSession(`arblens-screen-${process.pid}-${cols}`, root);
    s.start(cols, rows);
    t.after(() => s.kill());
    s.send('node bin/arblens.js watch --demo --fps 10; echo EXIT=$?', 'Enter');
    let p = await s.until((x) => /net profit/.test(x) && /\d+ live/.test(x) && /^\s+1 /m.test(x), 20_000, 'a frame with rows');
    assert.match(firstLine(p), /^arblens watch · /);
    assert.ok(lines(p).length <= rows - 1, `frame of ${lines(p).length} lines in ${rows} rows`);
    // Every line fits the width (no wrapped rows).
    assert.ok(lines(p).every((l) => [...l].length <= cols));
    assert.match(lines(p).at(-1)!, /q quit/, 'key line at the bottom');
    s.screenshot(shots, `watch-${cols}x${rows}`, cols, rows);

    s.send('Enter');
    p = await s.until((x) => /asks\s+size\s+taken/.test(x), 5000, 'the detail pane');
    assert.match(firstLine(p), /^arblens watch · /, 'header still on the first line after Enter');
    assert.match(p, /net profit/, 'net-profit column still visible with the detail pane open');
    s.screenshot(shots, `watch-${cols}x${rows}-detail`, cols, rows);

    s.resize(resized[0], resized[1]);
    p = await s.until((x) => lines(x).every((l) => [...l].length <= resized[0]) && /q quit|q quit p pause/.test(x), 5000, 'the resized frame');
    await new Promise((r) => setTimeout(r, 400));
    p = s.capture();
    assert.match(firstLine(p), /^arblens watch · /, `header on the first line after resize to ${resized.join('×')}:\n${p}`);
    assert.ok(lines(p).length <= resized[1] - 1, `resized frame of ${lines(p).length} lines`);
    assert.equal(lines(p).filter((l) => /q quit/.test(l)).length, 1, 'the key line is one line');
    // Net profit: as a column, or (detail pane replacing the table on the smallest screen) in the pane's summary.
    assert.match(p, /net profit|= -?[\d,.]+ \w+/);
    s.send('Escape');
    p = await s.until((x) => /net profit/.test(x) && !/asks\s+size\s+taken/.test(x), 5000, 'the table back');
    assert.match(firstLine(p), /^arblens watch · /);
    s.send('q');
    await s.until((x) => /EXIT=0/.test(x), 10_000, 'exit 0');
  });
}

test('every venue down: the header says "2/2 venues down" in red, with retries', { skip }, async (t) => {
  const s = new TmuxSession(`arblens-down-${process.pid}`, root);
  // Nothing listens on port 9: each venue's markets request is refused, so every feed keeps reconnecting.
  const dead = { ARBLENS_BINANCE_URL: 'http://127.0.0.1:9', ARBLENS_BINANCE_WS_URL: 'ws://127.0.0.1:9', ARBLENS_OKX_URL: 'http://127.0.0.1:9', ARBLENS_OKX_WS_URL: 'ws://127.0.0.1:9', HOME: '/tmp/arblens-down-home' };
  s.start(120, 30, dead);
  t.after(() => s.kill());
  s.send('node bin/arblens.js watch --venues binance,okx --symbols BTC/USDT --market spot --fps 10; echo EXIT=$?', 'Enter');
  const p = await s.until((x) => /2\/2 venues down/.test(x) && /retry [2-9]/.test(x), 20_000, 'both venues down');
  assert.match(firstLine(p), /✖ 2\/2 venues down/);
  const colour = s.capture(true).split('\n')[0];
  // red (31 / 91 / 256-colour 1 or 9) right before the words
  assert.match(colour, /\x1b\[(?:[0-9;]*;)?(?:31|91|38;5;(?:1|9))(?:;[0-9;]*)?m[^\x1b]*2\/2 venues down/, JSON.stringify(colour));
  assert.match(p, /binance\s+reconnecting\s.*retry \d+ · next ≤/);
  s.screenshot(shots, 'watch-venues-down', 120, 30);
  s.send('q');
  await s.until((x) => /EXIT=0/.test(x), 10_000, 'exit 0');
});

test('NO_COLOR: the TUI draws no colour escape', { skip }, async (t) => {
  const s = new TmuxSession(`arblens-nocolor-${process.pid}`, root);
  s.start(120, 40, { NO_COLOR: '1' });
  t.after(() => s.kill());
  s.send('node bin/arblens.js watch --demo --fps 10; echo EXIT=$?', 'Enter');
  await s.until((x) => /net profit/.test(x) && /^\s+1 /m.test(x), 20_000, 'a frame with rows');
  s.send('Enter');
  await s.until((x) => /asks\s+size\s+taken/.test(x), 5000, 'the detail pane');
  const colour = s.capture(true);
  assert.doesNotMatch(colour, COLOUR_SGR, 'no colour SGR under NO_COLOR');
  // The same screen without NO_COLOR does colour (so the check can fail).
  const c = new TmuxSession(`arblens-color-${process.pid}`, root);
  c.start(120, 40);
  t.after(() => c.kill());
  c.send('node bin/arblens.js watch --demo --fps 10', 'Enter');
  await c.until((x) => /net profit/.test(x) && /^\s+1 /m.test(x), 20_000, 'a coloured frame');
  assert.match(c.capture(true), COLOUR_SGR);
  s.send('q');
  c.send('q');
  await s.until((x) => /EXIT=0/.test(x), 10_000, 'exit 0');
});
