import { useInput, type Key } from 'ink';
import { useRef, useState } from 'react';
import { nextSort, type SortKey } from '../app/watch/view-model.js';

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

export type KeyEffect = { readonly quit: true } | { readonly move: number } | undefined;

export const INITIAL_KEYS: WatchKeysState = { paused: false, sort: 'profit', filter: '', editingFilter: false, detail: false };

/**
 * Pure key handling: q / Ctrl-C quit, p pause, s cycle sort, / filter by symbol (Enter keeps,
 * Esc clears), ↑/↓ select, Enter toggles the detail pane, Esc closes it.
 */
export function reduceKey(st: WatchKeysState, input: string, key: Partial<Key>): { state: WatchKeysState; effect?: KeyEffect } {
  if (key.ctrl && input === 'c') return { state: st, effect: { quit: true } };
  if (st.editingFilter) {
    if (key.return) return { state: { ...st, editingFilter: false } };
    if (key.escape) return { state: { ...st, editingFilter: false, filter: '' } };
    if (key.backspace || key.delete) return { state: { ...st, filter: st.filter.slice(0, -1) } };
    if (input && !key.ctrl && !key.meta && /^[\x20-\x7e]+$/.test(input)) return { state: { ...st, filter: st.filter + input } };
    return { state: st };
  }
  if (input === 'q') return { state: st, effect: { quit: true } };
  if (input === 'p') return { state: { ...st, paused: !st.paused } };
  if (input === 's') return { state: { ...st, sort: nextSort(st.sort) } };
  if (input === '/') return { state: { ...st, editingFilter: true } };
  if (key.upArrow) return { state: st, effect: { move: -1 } };
  if (key.downArrow) return { state: st, effect: { move: 1 } };
  if (key.return) return { state: { ...st, detail: !st.detail } };
  if (key.escape) return { state: { ...st, detail: false } };
  return { state: st };
}

/**
 * Keys → state. The state lives in a ref updated synchronously, because several keys can arrive
 * before React re-renders (a fast typist, or tmux send-keys): each must see the one before.
 */
export function useWatchKeys(h: WatchKeysHandlers, initial: WatchKeysState = INITIAL_KEYS): WatchKeysState {
  const ref = useRef(initial);
  const [st, set] = useState(initial);
  useInput((input, key) => {
    for (const [i, k] of splitInput(input, key)) {
      const r = reduceKey(ref.current, i, k);
      if (r.state !== ref.current) {
        ref.current = r.state;
        set(r.state);
      }
      if (r.effect && 'quit' in r.effect) return h.quit();
      else if (r.effect) h.move(r.effect.move);
    }
  });
  return st;
}

/**
 * Keys typed faster than the terminal is read arrive as one chunk ("/BTC\r"): split plain text
 * into single keys so `/` opens the filter before "BTC" is typed into it.
 */
export function splitInput(input: string, key: Partial<Key>): [string, Partial<Key>][] {
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.escape || key.ctrl || key.meta || key.backspace || key.delete || key.tab;
  if (special || input.length <= 1) return [[input, key]];
  return [...input].map((ch) => (ch === '\r' || ch === '\n' ? ['', { return: true }] : [ch, {}]));
}
