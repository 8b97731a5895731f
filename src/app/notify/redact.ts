/**
 * A target as it may be printed: webhook URLs carry their secret in the path (Discord, Slack)
 * or the query, a Telegram target is a bot token, a command line may hold anything. Only the
 * kind, the host and the first path segment survive.
 */
export function redactTarget(kind: string, rest: string): string {
  if (kind === 'telegram') return rest.includes('@') ? `telegram:***@${rest.split('@').pop()}` : 'telegram:***';
  if (kind === 'exec') return `exec:${rest.trim().split(/\s+/)[0] ?? ''} …`;
  return `${kind}:${redactUrl(rest)}`;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split('/').filter(Boolean)[0];
    return `${u.protocol}//${u.host}/${first ? `${first}/` : ''}***`;
  } catch {
    return '***';
  }
}

/** Removes every occurrence of the secrets from a message (error texts can echo a URL). */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
