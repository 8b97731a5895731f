import { redactUrlSecrets } from './errors.js';

/**
 * The one secret scrubber. Every configured secret — venue API keys, secrets, passwords, session
 * tokens, the Keepa key, the ClickHouse password, the serve bearer token — is registered here (from
 * the environment on first use, from the config file when it is loaded) and replaced by `***` in
 * every line arblens writes: stderr, stdout (NDJSON events, JSON), store payloads. Whatever the
 * source — a venue echoing the headers it was sent, a library quoting its request — the text is
 * scrubbed at the boundary, not where it was made. Derived values that are not configured
 * (signatures, signed query strings) are caught by name: known auth headers and query parameters.
 */

/** Shorter values are not scrubbed: replacing "abc" everywhere would garble output for no secrecy. */
export const MIN_SECRET_LENGTH = 6;

/** Environment variables holding credentials, by name. */
const SECRET_ENV = /^(ARBLENS_.*(API_KEY|APIKEY|APP_KEY|SECRET|PASSWORD|PASSPHRASE|TOKEN|SESSION|KEEPA_KEY)|ARBLENS_TOKEN|KEEPA_(API_)?KEY|CLICKHOUSE_PASSWORD|NATS_(TOKEN|PASS(WORD)?))$/i;
/** Config-file keys holding credentials, at any depth. */
export const SECRET_KEY = /^(api_?key|app_?key|secret|password|passphrase|pass|token|session(_?token)?|auth(_?token)?|bearer|private_?key|keepa_?key)$/i;

const secrets = new Set<string>();
let fromEnv = false;
let pattern: RegExp | undefined;

/** Registers secret values (non-strings and short values are ignored). */
export function addSecrets(values: Iterable<unknown>): void {
  let added = false;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    for (const form of forms(v)) {
      if (form.length < MIN_SECRET_LENGTH || secrets.has(form)) continue;
      secrets.add(form);
      added = true;
    }
  }
  if (added) pattern = undefined;
}

/** The environment's secrets (by variable name). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).filter(([k, v]) => SECRET_ENV.test(k) && typeof v === 'string' && v !== '').map(([, v]) => v as string);
}

/** Passwords inside URL-shaped values (`clickhouse://user:pass@host/db`, proxies). */
export function secretsInUrls(values: Iterable<unknown>): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string' || !v.includes('://')) continue;
    for (const m of v.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/gi)) {
      out.push(m[1]);
      try {
        out.push(decodeURIComponent(m[1]));
      } catch {
        /* not percent-encoded */
      }
    }
  }
  return out;
}

/** Credentials given as flags: the value after `--token`, `--api-key`, `--secret`, `--password` (or `=`), and URL passwords. */
export function secretsFromArgv(argv: readonly string[]): string[] {
  const out: string[] = [...secretsInUrls(argv)];
  const flag = /^--(token|api-key|key|secret|password|passphrase|session)$/;
  argv.forEach((a, i) => {
    const eq = /^--(token|api-key|key|secret|password|passphrase|session)=(.+)$/.exec(a);
    if (eq) out.push(eq[2]);
    else if (flag.test(a) && argv[i + 1] !== undefined) out.push(argv[i + 1]);
  });
  return out;
}

/** Values under credential-named keys anywhere in a parsed config object. */
export function secretsFromObject(obj: unknown, depth = 0): string[] {
  if (depth > 6 || typeof obj !== 'object' || obj === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && SECRET_KEY.test(k.replace(/-/g, '_'))) out.push(v);
    else if (typeof v === 'object') out.push(...secretsFromObject(v, depth + 1));
  }
  return out;
}

/**
 * A value as it may appear in text: verbatim, URL-encoded, JSON-escaped (a PEM's newlines as
 * `\n`), and for a multi-line value (a PEM key) each long line on its own.
 */
function forms(v: string): string[] {
  const t = v.trim();
  const out = new Set([v, t, encodeURIComponent(t), JSON.stringify(t).slice(1, -1)]);
  if (t.includes('\n')) for (const line of t.split(/\r?\n/)) if (line.trim().length >= 16 && !line.startsWith('-----')) out.add(line.trim());
  return [...out];
}

/** Forgets every registered secret (tests). */
export function resetSecrets(): void {
  secrets.clear();
  fromEnv = false;
  pattern = undefined;
}

/**
 * Auth headers and signature fields echoed back by a venue (JSON `"name":"value"`, `name: value`,
 * `name=value`, and the same JSON-escaped inside another string): their values are derived from secrets (signatures) or are credentials, so they
 * are redacted by name whatever their value.
 */
const AUTH_FIELDS = /((?:kalshi-access-(?:key|signature)|x-mbx-apikey|ok-access-(?:key|sign|passphrase)|x-bapi-(?:api-key|sign)|kc-api-(?:key|sign|passphrase)|access-(?:key|sign|passphrase)|x-authentication|x-application|authorization|x-api-key|api-key|apikey|signature)\\?["']?\s*[:=]\s*\\?["']?)(?:Bearer\s+)?[^"'\\\s,;&}]+/gi;

function compiled(): RegExp | undefined {
  if (!fromEnv) {
    fromEnv = true;
    addSecrets(secretsFromEnv(process.env));
    addSecrets(secretsInUrls(Object.values(process.env)));
  }
  if (secrets.size === 0) return undefined;
  // Longest first, so a secret that contains another is replaced whole.
  pattern ??= new RegExp([...secrets].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  return pattern;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with every registered secret, auth header value and URL signature replaced by `***`. */
export function scrub(text: string): string {
  const p = compiled();
  let out = p ? text.replace(p, '***') : text;
  if (out.length > 0 && /sign|key|auth|token|secret|passphrase|x-app/i.test(out)) out = redactUrlSecrets(out.replace(AUTH_FIELDS, '$1***'));
  return out;
}
