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

test('80×24: Enter replaces the table with the detail pane; the venue panel folds into a strip', () => {
  const p = planScreen(24, 3, true);
  assert.equal(p.showTable, false);
  assert.equal(p.venues, 'strip');
  // 23-line frame − 2 header − 1 footer − 1 strip = 19 lines of detail: 13 levels, capped at 10.
  assert.equal(p.detailLevels, 10);
});

test('120×40: the detail pane takes the lower half, the table keeps the rest', () => {
  const p = planScreen(40, 3, true);
  assert.equal(p.showTable, true);
  // middle = 39 − 3 = 36; detail ≤ 18 → 6 + 10 levels = 16; panel 2 + 3 = 5; table 36 − 16 − 5 − 1 = 14
  assert.deepEqual([p.detailLines, p.venueLines, p.tableRows], [16, 5, 14]);
});

test('60×14 without detail: the venue panel becomes one line so the table keeps its rows', () => {
  const p = planScreen(14, 3, false);
  assert.equal(p.venues, 'strip');
  // 13 − 3 = 10 middle; 1 strip, 1 table title → 8 rows
  assert.equal(p.tableRows, 8);
});
