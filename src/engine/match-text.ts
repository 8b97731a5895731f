/**
 * Question text → comparable features for cross-venue matching: normalised word tokens,
 * numbers (with k/m/bn/% units resolved), dates named in the text, entity names (capitalised
 * words), and the direction of a threshold ("above" vs "below"). Pure and cheap: it runs once
 * per market, then matching only compares these features.
 */
export interface QuestionFeatures {
  /** Normalised content tokens (lowercase, singular, synonyms folded), unique. */
  readonly tokens: readonly string[];
  /** Numeric values named in the question (thresholds, prices, counts), unique, years excluded. */
  readonly numbers: readonly number[];
  /** Years named in the question. */
  readonly years: readonly number[];
  /** Month-day pairs named in the question as 'MM-DD' (or 'MM' when only a month is named). */
  readonly days: readonly string[];
  /** Capitalised names, lowercased (multi-word names joined by a space). */
  readonly entities: readonly string[];
  readonly direction?: 'up' | 'down';
}

const STOP = new Set(
  'will the a an be by of in on at to for is are was were than this that these those what who which how does do did it its as with from or and any end market resolve resolves yes no before after during between more less least most next new per vs versus there their his her he she they we you can could would should if then when between over under above below into out up down reach hit than any other'.split(' '),
);

const MONTHS: Record<string, number> = { jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12 };

/** Different spellings of one thing across venues. */
const SYNONYMS: Record<string, string> = {
  btc: 'bitcoin',
  eth: 'ethereum',
  sol: 'solana',
  usa: 'us',
  america: 'us',
  gop: 'republican',
  republicans: 'republican',
  dems: 'democrat',
  democrats: 'democrat',
  democratic: 'democrat',
  potus: 'president',
  presidential: 'president',
  fomc: 'fed',
  cut: 'cut',
  cuts: 'cut',
  hike: 'hike',
  hikes: 'hike',
  elected: 'win',
  wins: 'win',
  won: 'win',
  winner: 'win',
  champion: 'win',
  championship: 'win',
  bps: 'bp',
  cpi: 'inflation',
  gdp: 'gdp',
  nominee: 'nominee',
  nomination: 'nominee',
};

const UP = /\b(above|over|more than|greater than|higher than|exceed(s|ed)?|at least|or more|or higher|reach(es)?|hit|top|surpass(es)?)\b|≥|>=|>/;
const DOWN = /\b(below|under|less than|lower than|fewer than|at most|or less|or lower|drop(s)? below|fall(s)? below)\b|≤|<=|</;

const NUMBER = /(\$)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|mn|b|bn|t|%|percent|thousand|million|billion|trillion|bp|bps)?\b/gi;
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, trillion: 1e12 };

export function questionFeatures(text: string): QuestionFeatures {
  const raw = text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const lower = raw.toLowerCase();
  const numbers = new Set<number>();
  const years = new Set<number>();
  const days = new Set<string>();

  // Dates first ("December 31, 2026", "Dec 31", "31 Dec"), so their digits are not thresholds.
  let rest = lower.replace(/\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:k|m|%|,\d{3}))/g, (_m, mon: string, d: string) => {
    days.add(`${pad(MONTHS[mon.slice(0, 3)] ?? MONTHS[mon])}-${pad(Number(d))}`);
    return ` ${mon} `;
  });
  rest = rest.replace(/\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/g, (_m, d: string, mon: string) => {
    days.add(`${pad(MONTHS[mon.slice(0, 3)] ?? MONTHS[mon])}-${pad(Number(d))}`);
    return ` ${mon} `;
  });
  rest = rest.replace(/\b(19\d{2}|20\d{2})\b(?!\s*(?:k|%|,\d))/g, (_m, y: string) => {
    years.add(Number(y));
    return ' ';
  });
  rest = rest.replace(/\bq([1-4])\b/g, (_m, n: string) => ` ${['first', 'second', 'third', 'fourth'][Number(n) - 1]} quarter `);
  rest = rest.replace(NUMBER, (_m, _dollar, digits: string, unit: string | undefined) => {
    let v = Number(digits.replace(/,/g, ''));
    const u = unit?.toLowerCase();
    if (u && SCALE[u]) v *= SCALE[u];
    if (Number.isFinite(v)) numbers.add(round(v));
    return ' ';
  });
  for (const w of rest.split(/[^a-z0-9]+/)) {
    const m = MONTHS[w];
    if (m && w.length >= 3 && w !== 'may' && w !== 'mar') {
      if (![...days].some((d) => d.startsWith(pad(m)))) days.add(pad(m));
    }
  }

  const tokens = new Set<string>();
  for (let w of rest.split(/[^a-z0-9']+/)) {
    w = w.replace(/'s$/, '').replace(/'/g, '');
    if (w.length < 2 || STOP.has(w) || MONTHS[w]) continue;
    w = SYNONYMS[w] ?? w;
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
    tokens.add(w);
  }

  const direction = UP.test(lower) ? (DOWN.test(lower) ? undefined : 'up') : DOWN.test(lower) ? 'down' : undefined;
  return { tokens: [...tokens], numbers: [...numbers], years: [...years], days: [...days], entities: entitiesOf(raw), direction };
}

const NOT_ENTITY = new Set(['will', 'the', 'a', 'an', 'who', 'what', 'which', 'when', 'how', 'does', 'is', 'are', 'yes', 'no', 'in', 'on', 'by', 'of', 'before', 'after']);

/** Runs of capitalised words, skipping the question's first word and month names. */
function entitiesOf(text: string): string[] {
  const out = new Set<string>();
  const words = text.split(/[^A-Za-z0-9.'&-]+/).filter(Boolean);
  let run: string[] = [];
  const flush = () => {
    if (run.length) out.add(run.join(' ').toLowerCase());
    run = [];
  };
  words.forEach((w, i) => {
    const lw = w.toLowerCase();
    const cap = /^[A-Z][A-Za-z0-9.'&-]*$/.test(w) && !NOT_ENTITY.has(lw) && !MONTHS[lw.replace(/\.$/, '')];
    if (cap && i > 0) run.push(SYNONYMS[lw] ?? w.replace(/'s$/, ''));
    else flush();
  });
  flush();
  return [...out];
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
