import { NotifySink } from './sink.js';
import { DEFAULT_QUEUE } from './queue.js';
import { parseTarget } from './targets.js';

export interface NotifyRequest {
  /** --notify specs (kind:rest), repeatable. */
  readonly notify?: readonly string[];
  /** --notify-secret (or ARBLENS_NOTIFY_SECRET): HMAC-SHA256 key for webhook bodies. */
  readonly notifySecret?: string;
  readonly alertNet?: number;
  readonly alertProfit?: number;
  readonly cooldown: number;
}

/**
 * Parses every target (a bad one is a usage error, raised before any feed opens) and builds the
 * sink; undefined when no target is given.
 */
export function openNotify(o: NotifyRequest, warn: (m: string) => void, env: NodeJS.ProcessEnv = process.env): NotifySink | undefined {
  if (!o.notify?.length) return undefined;
  const secret = o.notifySecret ?? (env.ARBLENS_NOTIFY_SECRET || undefined);
  const targets = o.notify.map((spec) => parseTarget(spec, { secret, telegramBase: env.ARBLENS_TELEGRAM_URL || undefined }));
  if (o.alertNet === undefined && o.alertProfit === undefined) warn('--notify without --alert-net or --alert-profit: only venue down/up notices are sent');
  return new NotifySink(targets, { alertNet: o.alertNet, alertProfit: o.alertProfit, cooldownMs: o.cooldown }, { ...DEFAULT_QUEUE, warn });
}
