/**
 * Keepa takes the access key in the query string (`?key=…`), so any message that may carry a URL
 * goes through here first: the key itself and every `key=` value become `key=***`.
 */
export function scrubKey(text: string, key: string | undefined): string {
  let out = text.replace(/([?&]key=)[^&\s"']*/gi, '$1***');
  if (key && key.length >= 4) out = out.split(key).join('***');
  return out;
}
