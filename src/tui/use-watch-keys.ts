import { useInput } from 'ink';
import { useState } from 'react';
import { nextSort, type SortKey } from './view-model.js';

/** The TUI's interaction state, changed only by keys. */
export interface WatchKeysState {
  readonly paused: boolean;
  readonly sort: SortKey;
  readonly filter: string;
  /** True while typing a filter after `/`. */
  readonly editingFilter: boolean;
  readonly detail: boolean;
}

export interface WatchKeysHandlers {
  quit(): void;
  /** ↑ / ↓ by one row. */
  move(delta: number): void;
}

/**
 * Keys: q / Ctrl-C quit, p pause, s cycle sort, / filter by symbol (Enter keeps, Esc clears),
 * ↑/↓ select, Enter toggles the detail pane, Esc closes it.
 */
export function useWatchKeys(h: WatchKeysHandlers, initialSort: SortKey = 'profit'): WatchKeysState {
  const [st, set] = useState<WatchKeysState>({ paused: false, sort: initialSort, filter: '', editingFilter: false, detail: false });
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return h.quit();
    if (st.editingFilter) {
      if (key.return) return set({ ...st, editingFilter: false });
      if (key.escape) return set({ ...st, editingFilter: false, filter: '' });
      if (key.backspace || key.delete) return set({ ...st, filter: st.filter.slice(0, -1) });
      if (input && !key.ctrl && !key.meta && /^[\x20-\x7e]+$/.test(input)) return set({ ...st, filter: st.filter + input });
      return;
    }
    if (input === 'q') return h.quit();
    if (input === 'p') return set({ ...st, paused: !st.paused });
    if (input === 's') return set({ ...st, sort: nextSort(st.sort) });
    if (input === '/') return set({ ...st, editingFilter: true });
    if (key.upArrow) return h.move(-1);
    if (key.downArrow) return h.move(1);
    if (key.return) return set({ ...st, detail: !st.detail });
    if (key.escape) return set({ ...st, detail: false });
  });
  return st;
}
