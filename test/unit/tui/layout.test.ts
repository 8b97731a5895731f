import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FOOTER_LINES, HEADER_LINES, planScreen } from '../../../src/tui/layout.js';

/** Lines the frame uses: header, table (title + rows), detail, venues, footer. */
const used = (p: ReturnType<typeof planScreen>) => HEADER_LINES + (p.showTable ? 1 + p.tableRows : 0) + p.detailLines + p.venueLines + FOOTER_LINES;

test('every size: the frame fits one line under the terminal, header and footer included', () => {
  for (const rows of [10, 14, 24, 40, 60]) {
    for (const venues of [1, 3, 8]) {
      for (const detail of [false, true]) {
        const p = planScreen(rows, venues, detail);
        assert.ok(used(p) <= rows - 1, `${rows} rows, ${venues} venues, detail ${detail}: ${used(p)} lines`);
      }
    }
  }
});

test('80×24: Enter shares the screen — the table keeps its title and rows, the venue panel folds into a strip', () => {
  const p = planScreen(24, 3, true);
  assert.equal(p.showTable, true);
  assert.equal(p.venues, 'strip');
  // middle = 23 − 3 = 20; detail = 20 / 2 = 10 lines (10 − 7 fixed = 3 levels); strip 1; table title 1 → 8 rows
  assert.deepEqual([p.detailLines, p.detailLevels, p.tableRows], [10, 3, 8]);
});

test('60×14: Enter replaces the table with the detail pane', () => {
  const p = planScreen(14, 3, true);
  assert.equal(p.showTable, false);
  assert.equal(p.venues, 'strip');
  // middle = 13 − 3 = 10; strip 1 → detail 9 lines, 9 − 7 fixed = 2 levels
  assert.deepEqual([p.detailLines, p.detailLevels], [9, 2]);
});

test('120×40: the detail pane takes the lower half, the table keeps the rest', () => {
  const p = planScreen(40, 3, true);
  assert.equal(p.showTable, true);
  // middle = 39 − 3 = 36; detail ≤ 18 → 7 + 10 levels = 17; panel 2 + 3 = 5; table 36 − 17 − 5 − 1 = 13
  assert.deepEqual([p.detailLines, p.venueLines, p.tableRows], [17, 5, 13]);
});

test('60×14 without detail: the venue panel becomes one line so the table keeps its rows', () => {
  const p = planScreen(14, 3, false);
  assert.equal(p.venues, 'strip');
  // 13 − 3 = 10 middle; 1 strip, 1 table title → 8 rows
  assert.equal(p.tableRows, 8);
});
