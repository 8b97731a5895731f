/**
 * How the watch screen's height is shared, as pure arithmetic (tested at every size): the
 * header (2 lines) and the key line stay put; the table, the detail pane and the venue panel
 * share the middle. The frame is one line shorter than the terminal: a frame as tall as the
 * terminal makes Ink clear the whole screen on every frame (the flicker).
 */
export interface ScreenPlan {
  /** Lines of the whole frame (terminal rows − 1). */
  readonly frame: number;
  /** Table rows shown (not counting its header); 0 when the detail pane replaces the table. */
  readonly tableRows: number;
  readonly showTable: boolean;
  /** Lines of the detail pane, borders included; 0 when closed. */
  readonly detailLines: number;
  /** Book levels the detail pane lists. */
  readonly detailLevels: number;
  readonly venues: 'panel' | 'strip';
  /** Lines of the venue area (panel: a blank, a header, one per venue; strip: one). */
  readonly venueLines: number;
}

export const HEADER_LINES = 2;
export const FOOTER_LINES = 1;
/** Detail pane lines besides its levels: two borders, id, summary, assumptions, column titles, "… N more". */
export const DETAIL_FIXED = 7;
/** Under this many terminal rows the detail pane takes the table's place instead of sharing. */
export const SMALL_ROWS = 20;
/** The table keeps at least this many rows before the venue panel folds into a strip. */
const MIN_TABLE_ROWS = 5;

export function planScreen(termRows: number, venueCount: number, detail: boolean, maxLevels = 10): ScreenPlan {
  const frame = Math.max(4, termRows - 1);
  const middle = Math.max(1, frame - HEADER_LINES - FOOTER_LINES);
  const panelLines = 2 + venueCount;
  const replace = detail && termRows < SMALL_ROWS;
  // The detail pane, when it shares, takes the lower half of the middle at most.
  let detailLines = 0;
  if (detail) {
    const room = replace ? middle - 1 : Math.floor(middle / 2);
    detailLines = Math.max(1, Math.min(DETAIL_FIXED + maxLevels, room));
  }
  const tableHeader = replace ? 0 : 1;
  const fullLeft = middle - detailLines - panelLines - tableHeader;
  const venues = fullLeft >= (replace ? 0 : MIN_TABLE_ROWS) ? 'panel' : 'strip';
  const venueLines = venues === 'panel' ? panelLines : 1;
  if (replace) detailLines = Math.max(1, Math.min(DETAIL_FIXED + maxLevels, middle - venueLines));
  const tableRows = replace ? 0 : Math.max(1, middle - detailLines - venueLines - tableHeader);
  return { frame, tableRows, showTable: !replace, detailLines, detailLevels: Math.max(1, detailLines - DETAIL_FIXED), venues, venueLines };
}
