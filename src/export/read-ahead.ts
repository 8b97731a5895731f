/**
 * Buffers up to `limitBytes` of a byte stream ahead of its consumer. An export's consumer spends
 * most of its time in encoding (parquet in wasm) and pulls the next chunk only after; without
 * this, the HTTP stream pauses the socket after 16 KiB, the server stops sorting and sending
 * until asked again, and the two take turns instead of working at once.
 *
 * The source is read by its own loop; errors reach the consumer at the point they occurred (after
 * the chunks read before them); a consumer that stops early stops the loop and the source.
 */
export async function* readAhead(source: AsyncIterable<Buffer>, limitBytes: number): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let head = 0;
  let queued = 0;
  let done = false;
  let failure: { err: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  const wake = (w: (() => void) | undefined) => w?.();

  const it = source[Symbol.asyncIterator]();
  const loop = (async () => {
    try {
      for (;;) {
        while (queued >= limitBytes && !stopped) await new Promise<void>((r) => (wakeReader = r));
        if (stopped) break;
        const r = await it.next();
        if (r.done) break;
        queue.push(r.value);
        queued += r.value.length;
        wake(wakeConsumer);
      }
    } catch (err) {
      failure = { err };
    } finally {
      done = true;
      wake(wakeConsumer);
    }
  })();

  try {
    for (;;) {
      while (head === queue.length && !done) await new Promise<void>((r) => (wakeConsumer = r));
      if (head < queue.length) {
        const chunk = queue[head];
        queue[head++] = undefined as unknown as Buffer;
        if (head > 1024) queue.splice(0, head), (head = 0);
        queued -= chunk.length;
        wake(wakeReader);
        yield chunk;
        continue;
      }
      if (failure) throw failure.err;
      return;
    }
  } finally {
    stopped = true;
    wake(wakeReader);
    if (!done) await it.return?.();
    await loop;
  }
}
