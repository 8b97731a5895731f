import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One run of characters with the same look. */
export interface Span {
  readonly col: number;
  readonly text: string;
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
}

const BASE = ['#1e1e1e', '#e05555', '#5fbf5f', '#e0c050', '#5f8fdf', '#c070c0', '#50c0c0', '#d0d0d0'];
const BRIGHT = ['#7f7f7f', '#ff7070', '#80ff80', '#ffff70', '#80a8ff', '#ff80ff', '#80ffff', '#ffffff'];
const FG = '#d0d0d0';
const BG = '#1e1e1e';

/** xterm's 256-colour palette: 16 named, a 6×6×6 cube, 24 greys. */
function color256(n: number): string {
  if (n < 8) return BASE[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n >= 232) {
    const g = 8 + (n - 232) * 10;
    return `rgb(${g},${g},${g})`;
  }
  const i = n - 16;
  const c = (v: number) => (v === 0 ? 0 : 55 + v * 40);
  return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}

/** Splits tmux's `capture-pane -e` output into styled spans per line (SGR only; tmux emits nothing else there). */
export function parseAnsi(text: string): Span[][] {
  const lines: Span[][] = [];
  let st: { fg?: string; bg?: string; bold?: boolean; dim?: boolean; inverse?: boolean } = {};
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const spans: Span[] = [];
    let col = 0;
    for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
      const m = /^\x1b\[([0-9;]*)m$/.exec(part);
      if (!m) {
        if (!part) continue;
        const chars = [...part];
        const fg = st.inverse ? st.bg ?? BG : st.fg;
        const bg = st.inverse ? st.fg ?? FG : st.bg;
        spans.push({ col, text: part, fg, bg, bold: st.bold, dim: st.dim });
        col += chars.length;
        continue;
      }
      const codes = (m[1] || '0').split(';').map(Number);
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c === 0) st = {};
        else if (c === 1) st.bold = true;
        else if (c === 2) st.dim = true;
        else if (c === 22) st.bold = st.dim = false;
        else if (c === 7) st.inverse = true;
        else if (c === 27) st.inverse = false;
        else if (c >= 30 && c <= 37) st.fg = BASE[c - 30];
        else if (c >= 90 && c <= 97) st.fg = BRIGHT[c - 90];
        else if (c === 39) st.fg = undefined;
        else if (c >= 40 && c <= 47) st.bg = BASE[c - 40];
        else if (c >= 100 && c <= 107) st.bg = BRIGHT[c - 100];
        else if (c === 49) st.bg = undefined;
        else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
          st[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2]);
          i += 2;
        } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
          st[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
          i += 4;
        }
      }
    }
    lines.push(spans);
  }
  return lines;
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const SIZE = 14;
const CW = 8.43; // DejaVu Sans Mono advance at 14 px (0.602 em)
const LH = 17;

/** ImageMagick's convert, when it is the real one (some images ship a stand-in). */
function convertBin(): string | undefined {
  for (const bin of ['/usr/bin/convert', 'convert']) {
    const r = spawnSync(bin, ['-version'], { encoding: 'utf8' });
    if (r.status === 0 && /ImageMagick/.test(r.stdout)) return bin;
  }
  return undefined;
}

/** Draws a terminal capture to a PNG with ImageMagick (MVG drawing primitives). False when it cannot. */
export function renderPng(ansi: string, columns: number, rows: number, out: string): boolean {
  const bin = convertBin();
  if (!bin || !existsSync(FONT)) return false;
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const draw: string[] = [`font '${FONT}'`, `font-size ${SIZE}`];
  parseAnsi(ansi).forEach((spans, y) => {
    for (const s of spans) {
      const x = 6 + s.col * CW;
      const w = [...s.text].length * CW;
      if (s.bg) draw.push(`fill '${s.bg}'`, `rectangle ${x.toFixed(1)},${6 + y * LH} ${(x + w).toFixed(1)},${6 + (y + 1) * LH}`);
      if (!s.text.trim()) continue;
      draw.push(`fill '${s.fg ?? FG}'`, `fill-opacity ${s.dim ? 0.6 : 1}`, `font-weight ${s.bold ? 700 : 400}`, `text ${x.toFixed(1)},${6 + y * LH + 13} '${esc(s.text)}'`, 'fill-opacity 1');
    }
  });
  const r = spawnSync(bin, ['-size', `${Math.ceil(columns * CW + 12)}x${rows * LH + 12}`, `xc:${BG}`, '-draw', draw.join('\n'), out], { encoding: 'utf8' });
  return r.status === 0 && existsSync(out);
}
