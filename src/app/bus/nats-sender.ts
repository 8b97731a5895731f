import type { NatsConnection } from 'nats';
import { onConnectionChange } from './nats-connect.js';

export interface SenderOptions {
  /** Told when the server goes away and comes back. */
  readonly warn?: (message: string) => void;
  /** The server as shown to the user (password masked). */
  readonly display?: string;
  /** Bytes held for the reconnect while the server is away (default OUTAGE_BYTES). */
  readonly outageBytes?: number;
}

/**
 * While the server is unreachable, what is published is held here and sent once the client has
 * reconnected — the client itself (nats.js 2) empties its buffer at every reconnect attempt, so
 * without this an outage loses everything published during it. Up to this many bytes; past it
 * messages are dropped (counted) until the connection is back, so a bus down for an hour costs a
 * bounded amount of memory. Subscribers then catch up on opportunities from their next whole
 * lines and on quotes from the next ones.
 */
export const OUTAGE_BYTES = 64 << 20;

/** How long closing waits for the server to take what is buffered before it gives up. */
const DRAIN_MS = 5_000;

/**
 * How `watch --publish` hands messages to the NATS client: never throwing into the watch (a
 * message over the server's limit, a closed connection), holding through an outage, telling the
 * user when the server goes and comes back, and closing without hanging on a server that is gone.
 */
export class NatsSender {
  /** Messages handed to the client. */
  published = 0;
  /** Payload bytes handed to the client. */
  bytes = 0;
  /** Messages left out: over the server's max_payload on their own. */
  oversized = 0;
  /** Messages dropped: past OUTAGE_BYTES while the server was away, or refused by a closed connection. */
  dropped = 0;
  private down = false;
  private held: { readonly subject: string; readonly data: Uint8Array }[] = [];
  private heldBytes = 0;
  private droppedWhileDown = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly o: SenderOptions = {},
  ) {
    onConnectionChange(nc, (up) => (up ? this.back() : this.lost()));
  }

  /** The server's payload limit (1 MiB by default). */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? 1_048_576;
  }

  send(subject: string, data: Uint8Array): void {
    // The client throws on a message over the server's limit; one oversized line (an opportunity
    // with thousands of legs) is left out and counted, and the watch goes on.
    if (data.length > (this.nc.info?.max_payload ?? Infinity)) {
      this.oversized++;
      return;
    }
    if (this.down) {
      if (this.heldBytes + data.length > (this.o.outageBytes ?? OUTAGE_BYTES)) return this.drop();
      // A copy: a view would keep its whole tick buffer alive, uncounted.
      this.held.push({ subject, data: new Uint8Array(data) });
      this.heldBytes += data.length;
      return;
    }
    this.publish(subject, data);
  }

  /** Resolves once the server has received everything published so far (a PING/PONG round trip). */
  async flush(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (this.held.length) this.o.warn?.(`--publish: ${this.held.length} messages held for ${this.server} were not sent: it did not come back before the end`);
    if (this.nc.isClosed()) return;
    // Draining needs the server: with it away (or not answering) the watch would never exit.
    if (this.down) return void (await this.nc.close());
    const drained = this.nc.drain().then(
      () => true,
      () => true,
    );
    if (!(await Promise.race([drained, new Promise<false>((r) => setTimeout(() => r(false), DRAIN_MS).unref())]))) await this.nc.close();
  }

  private get budget(): string {
    return `${Math.round((this.o.outageBytes ?? OUTAGE_BYTES) / 2 ** 20)} MB`;
  }

  private lost(): void {
    this.down = true;
    this.droppedWhileDown = 0;
    this.o.warn?.(`--publish: lost ${this.server}; reconnecting — what is published meanwhile is held (up to ${this.budget}) and sent when it is back`);
  }

  /** Reconnected: what was held goes out, in order. */
  private back(): void {
    this.down = false;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const m of held) this.publish(m.subject, m.data);
    const dropped = this.droppedWhileDown ? `; ${this.droppedWhileDown} dropped past the ${this.budget} held` : '';
    this.o.warn?.(`--publish: reconnected to ${this.server}; ${held.length} messages held meanwhile sent${dropped}`);
  }

  private get server(): string {
    return this.o.display ?? 'the NATS server';
  }

  private publish(subject: string, data: Uint8Array): void {
    try {
      this.nc.publish(subject, data);
    } catch {
      // A closed connection (after close, or a server that refused us for good): the watch goes on.
      return this.drop();
    }
    this.published++;
    this.bytes += data.length;
  }

  private drop(): void {
    this.dropped++;
    if (this.down) this.droppedWhileDown++;
  }
}
