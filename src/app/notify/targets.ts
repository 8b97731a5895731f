import { createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import { UsageError } from '../../core/errors.js';
import { noticeJson, noticeText, noticeTitle, type Notice } from './message.js';
import { redactTarget, scrub } from './redact.js';

export const TARGET_KINDS = ['webhook', 'discord', 'slack', 'telegram', 'ntfy', 'exec'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Header carrying the HMAC-SHA256 of the raw body when --notify-secret is set. */
export const SIGNATURE_HEADER = 'x-arblens-signature-256';

/** A failed delivery: retryable (network, 5xx, 429 with its wait) or permanent (other 4xx, bad command). */
export class DeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

export interface Target {
  readonly kind: TargetKind;
  /** Printable: secrets inside the URL / token replaced by ***. */
  readonly label: string;
  /** Strings never to print (URL, token, command). */
  readonly secrets: readonly string[];
  send(n: Notice, signal: AbortSignal): Promise<void>;
}

export interface TargetOptions {
  /** --notify-secret: signs webhook bodies. */
  readonly secret?: string;
  /** Telegram Bot API base (ARBLENS_TELEGRAM_URL points tests at a local server). */
  readonly telegramBase?: string;
}

/** `kind:rest` → a target; a bad spec is a usage error naming it (redacted) and the fix. */
export function parseTarget(spec: string, o: TargetOptions = {}): Target {
  const i = spec.indexOf(':');
  const kind = (i > 0 ? spec.slice(0, i) : spec) as TargetKind;
  const rest = i > 0 ? spec.slice(i + 1) : '';
  if (!TARGET_KINDS.includes(kind)) {
    throw new UsageError(`--notify '${i > 0 ? kind + ':…' : spec.slice(0, 20)}' is not a target — use one of ${TARGET_KINDS.map((k) => k + ':…').join(', ')} (e.g. discord:https://discord.com/api/webhooks/…)`);
  }
  const label = redactTarget(kind, rest);
  if (kind === 'exec') {
    if (!rest.trim()) throw new UsageError('--notify exec: needs a command — e.g. exec:./on-alert.sh (the event JSON arrives on stdin)');
    return { kind, label, secrets: [rest], send: (n, signal) => runCommand(rest, JSON.stringify(noticeJson(n)) + '\n', signal) };
  }
  if (kind === 'telegram') {
    const m = /^([^@\s]+)@(-?\d+|@?[A-Za-z0-9_]+)$/.exec(rest);
    if (!m) throw new UsageError(`--notify ${label}: use telegram:<bot token>@<chat id>, e.g. telegram:123456:ABC…@-1001234567`);
    const [, token, chat] = m;
    const base = (o.telegramBase ?? 'https://api.telegram.org').replace(/\/+$/, '');
    return { kind, label, secrets: [token], send: (n, signal) => postJson(`${base}/bot${token}/sendMessage`, { chat_id: chat, text: noticeText(n), disable_web_page_preview: true }, {}, signal, telegramOk) };
  }
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    throw new UsageError(`--notify ${kind}: '${label}' is not a URL — use ${kind}:https://…`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--notify ${label}: only http(s) URLs — use ${kind}:https://…`);
  const secrets = [rest, url.pathname, url.search].filter((s) => s.length > 1);
  if (kind === 'discord') return { kind, label, secrets, send: (n, signal) => postJson(rest, { content: noticeText(n).slice(0, 2000) }, {}, signal) };
  if (kind === 'slack') return { kind, label, secrets, send: (n, signal) => postJson(rest, { text: noticeText(n) }, {}, signal) };
  if (kind === 'ntfy') {
    return {
      kind,
      label,
      secrets,
      send: (n, signal) => post(rest, noticeText(n), { 'content-type': 'text/plain; charset=utf-8', title: noticeTitle(n), tags: n.type === 'venue' ? 'warning' : 'moneybag', priority: n.type === 'venue' ? 'high' : 'default' }, signal),
    };
  }
  return {
    kind,
    label,
    secrets,
    send: (n, signal) => {
      const body = JSON.stringify(noticeJson(n));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.secret) headers[SIGNATURE_HEADER] = 'sha256=' + createHmac('sha256', o.secret).update(body).digest('hex');
      return post(rest, body, headers, signal);
    },
  };
}

function postJson(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal, check?: (json: unknown) => void): Promise<void> {
  return post(url, JSON.stringify(body), { 'content-type': 'application/json', ...headers }, signal, check);
}

async function post(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, check?: (json: unknown) => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'user-agent': 'arblens', ...headers }, signal, redirect: 'error' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new DeliveryError(e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : (e.cause?.code ?? e.message), true);
  }
  const text = await res.text().catch(() => '');
  if (res.status === 429 || res.status >= 500) {
    throw new DeliveryError(`HTTP ${res.status}`, true, retryAfter(res.headers.get('retry-after'), text));
  }
  if (res.status >= 300) throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, false);
  if (check) check(text ? safeJson(text) : undefined);
}

/** Retry-After in seconds (header), or a JSON body's retry_after (Discord: seconds; Telegram: parameters.retry_after). */
function retryAfter(header: string | null, body: string): number | undefined {
  const h = header !== null ? Number(header) : NaN;
  if (Number.isFinite(h) && h >= 0) return h * 1000;
  const j = safeJson(body) as { retry_after?: number; parameters?: { retry_after?: number } } | undefined;
  const s = j?.retry_after ?? j?.parameters?.retry_after;
  return typeof s === 'number' && s >= 0 ? s * 1000 : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Telegram answers 200 with `{ok:true}`; `{ok:false}` is a refusal. */
function telegramOk(json: unknown): void {
  const j = json as { ok?: boolean; description?: string } | undefined;
  if (!j?.ok) throw new DeliveryError(`Telegram refused: ${j?.description ?? 'no ok in the answer'}`, false);
}

/** `exec:` runs the command through sh with the event JSON on stdin; a non-zero exit is a failure (retried). */
function runCommand(command: string, input: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'], signal });
    let err = '';
    child.stderr!.on('data', (d) => (err = (err + String(d)).slice(-300)));
    child.on('error', (e) => reject(new DeliveryError(e.name === 'AbortError' ? 'timed out' : e.message, true)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new DeliveryError(`exit ${code}${err ? `: ${scrub(err.trim(), [command])}` : ''}`, true))));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input);
  });
}
