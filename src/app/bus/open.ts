import type { VenueStream } from '../../venues/types.js';
import type { WatchSink } from '../watch/pipeline.js';
import { connectNats, ensureStream } from './nats-connect.js';
import { natsStream, type NatsSourceOptions } from './nats-source.js';
import { parseNatsUrl } from './nats-url.js';
import { NatsPublisher } from './publisher.js';

/** `--publish nats://…`: a connected publisher sink, with the JetStream stream in place. */
export async function openPublisher(url: string, flag: string, warn?: (message: string) => void): Promise<{ sink: NatsPublisher & WatchSink; display: string; stream: string }> {
  const spec = parseNatsUrl(url, flag);
  const nc = await connectNats(spec, 'arblens-publisher');
  try {
    await ensureStream(nc, spec);
  } catch (err) {
    await nc.close();
    throw err;
  }
  return { sink: new NatsPublisher(nc, spec.root, { opps: spec.opps, resendMs: spec.resendMs, warn, display: spec.display }), display: spec.display, stream: spec.stream };
}

/**
 * `--source nats://…` (watch; serve): the bus as one event stream. The stream must exist
 * (a publisher creates it): a subscriber never sets the retention window.
 */
export async function openBusSource(url: string, flag: string, o: NatsSourceOptions): Promise<{ stream: VenueStream; display: string }> {
  const spec = parseNatsUrl(url, flag);
  const nc = await connectNats(spec, 'arblens-subscriber');
  try {
    return { stream: await natsStream(nc, spec, o), display: spec.display };
  } catch (err) {
    await nc.close();
    const { ArblensError } = await import('../../core/errors.js');
    const m = String((err as Error).message ?? err);
    throw /stream not found/i.test(m) ? new ArblensError(`${flag}: no JetStream stream ${spec.stream} on ${spec.display} yet — start a publisher first (\`arblens watch --publish ${spec.display}\`)`) : err;
  }
}
